package io.pgshift.gate;

import io.pgshift.backfill.KeyColumn;
import io.pgshift.db.JdbcPlaceholders;
import io.pgshift.playbook.Quoting;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The statement that counts one chunk of a row check: the next {@code n} rows after the cursor
 * in key order (an index range scan, like a backfill batch), how many of them violate the check,
 * up to five of their keys as samples, and the last key seen (the next cursor). No row means the
 * table is exhausted. Parameters: the cursor's key values (when {@code fromStart} is false), then n.
 */
public final class GateChunkSql {
    public static final int SAMPLES = 5;

    private GateChunkSql() {
    }

    /**
     * The chunk statement; with {@code bounded}, rows after the upper bound (the key that was the
     * largest when the check started) are left out, so rows inserted meanwhile cannot keep the
     * walk going forever. Parameters: lower bound (unless {@code fromStart}), upper bound (if
     * {@code bounded}), limit.
     */
    static String build(GateCheck check, List<KeyColumn> key, boolean fromStart) {
        return build(check, key, fromStart, false);
    }

    static String build(GateCheck check, List<KeyColumn> key, boolean fromStart, boolean bounded) {
        String predicate = JdbcPlaceholders.escape(check.predicate()); // run as a prepared statement
        String keyCols = key.stream().map(k -> Quoting.ident(k.name())).collect(Collectors.joining(", "));
        String rowKey = key.size() == 1 ? keyCols : "(" + keyCols + ")";
        String params = key.size() == 1 ? cast(key.get(0))
                : "(" + key.stream().map(GateChunkSql::cast).collect(Collectors.joining(", ")) + ")";
        String keyText = key.size() == 1 ? "t." + Quoting.ident(key.get(0).name()) + "::text"
                : "(" + key.stream().map(k -> "t." + Quoting.ident(k.name())).collect(Collectors.joining(", ")) + ")::text";
        String lastKey = IntStream.range(0, key.size())
                .mapToObj(i -> Quoting.ident(key.get(i).name()) + "::text AS pgshift_k" + (i + 1)).collect(Collectors.joining(", "));
        String descending = key.stream().map(k -> Quoting.ident(k.name()) + " DESC").collect(Collectors.joining(", "));
        String range = (fromStart ? "" : rowKey + " > " + params)
                + (bounded ? (fromStart ? "" : " AND ") + rowKey + " <= " + params : "");
        return "WITH chunk AS (SELECT * FROM " + check.table().sql() + (range.isEmpty() ? "" : " WHERE " + range)
                + " ORDER BY " + keyCols + " LIMIT ?)\n"
                + "SELECT last.*, (SELECT count(*) FROM chunk AS t WHERE " + predicate + ") AS violations,"
                + " (SELECT array_agg(s) FROM (SELECT " + keyText + " AS s FROM chunk AS t WHERE " + predicate
                + " LIMIT " + SAMPLES + ") AS samples) AS samples, (SELECT count(*) FROM chunk) AS seen\n"
                + "FROM (SELECT " + lastKey + " FROM chunk ORDER BY " + descending + " LIMIT 1) AS last";
    }

    private static String cast(KeyColumn k) {
        return "CAST(? AS " + k.type() + ")";
    }
}
