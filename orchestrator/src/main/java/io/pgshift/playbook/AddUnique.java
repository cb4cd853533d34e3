package io.pgshift.playbook;

import java.util.List;

/** {@code add_unique}; {@code name} is generated ({@code <table>_<columns>_key}) when not given. */
public record AddUnique(TableRef table, List<String> columns, String name) implements ContractStep {
    public AddUnique {
        columns = List.copyOf(columns);
    }

    @Override
    public String kind() {
        return "add_unique";
    }
}
