package io.pgshift.playbook;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A backfill's {@code from}: the table its values are read from and how a target row finds its
 * source row ({@code on}: target column → source column, all compared with {@code =}). Expressions
 * name the source by its table name ({@code customers.currency}).
 */
public record BackfillSource(TableRef table, Map<String, String> on) {
    public BackfillSource {
        Objects.requireNonNull(table, "table");
        on = Collections.unmodifiableMap(new LinkedHashMap<>(on));
    }

    /** {@code customers on customer_id = id}, as summaries show it. */
    public String describe() {
        return table.display() + " on " + String.join(" and ", on.entrySet().stream()
                .map(e -> e.getKey() + " = " + e.getValue()).toList());
    }
}
