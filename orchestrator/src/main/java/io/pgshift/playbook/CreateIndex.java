package io.pgshift.playbook;

import java.util.List;

/** {@code create_index}: always built CONCURRENTLY. {@code name} is generated when not given; {@code where} may be null. */
public record CreateIndex(TableRef table, String name, List<String> columns, String using, boolean unique, String where)
        implements ExpandStep {
    public CreateIndex {
        columns = List.copyOf(columns);
    }

    @Override
    public String kind() {
        return "create_index";
    }
}
