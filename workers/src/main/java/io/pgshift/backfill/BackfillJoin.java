package io.pgshift.backfill;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Another table a backfill reads its values from: each batch's UPDATE joins it with
 * {@code FROM source WHERE target.c = source.c} for every pair of {@code on}, so the batch still
 * walks the target's key while {@code set} expressions may name the source's columns.
 *
 * <p>The source's side of {@code on} must be unique (the planner checks it): a target row then
 * matches at most one source row and the UPDATE writes it at most once. A target row without a
 * match is not written.
 *
 * @param sourceSql  the quoted, qualified source table
 * @param sourceName the name expressions give the source ({@code customers.currency})
 * @param targetName the name expressions give the target, so that a column both tables have
 *                   can be named unambiguously ({@code orders.note})
 * @param on         target column → source column, compared with {@code =}
 */
public record BackfillJoin(String sourceSql, String sourceName, String targetName, Map<String, String> on) {
    public BackfillJoin {
        Objects.requireNonNull(sourceSql, "sourceSql");
        Objects.requireNonNull(sourceName, "sourceName");
        Objects.requireNonNull(targetName, "targetName");
        on = Collections.unmodifiableMap(new LinkedHashMap<>(on));
        if (on.isEmpty()) {
            throw new IllegalArgumentException("a join needs at least one pair of columns to match on");
        }
        if (sourceName.equals(targetName)) {
            throw new IllegalArgumentException("source and target are both named " + sourceName);
        }
    }
}
