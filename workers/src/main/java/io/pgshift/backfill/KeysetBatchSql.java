package io.pgshift.backfill;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Builds the one statement a backfill batch runs. It walks the key with a keyset predicate
 * ({@code (k1, k2) > (?, ?)}, never OFFSET, never {@code col IS NULL LIMIT n}, which rescans
 * finished rows and gets slower with every batch), so every batch is an index range scan
 * whatever its position in the table.
 *
 * <p>Shape: a CTE picks the next {@code limit} keys after the cursor (and not beyond the
 * partition's upper bound), the UPDATE joins on them and writes only rows inside {@code where}
 * whose value differs, and the final SELECT returns the last key seen (the next cursor), the
 * rows written and the rows scanned. Parameters, in order: the cursor's key values (the lower
 * bound, exclusive), the upper bound's key values (inclusive), the limit.
 *
 * <p>Key columns are aliased inside the CTE so that a {@code set} expression naming a key
 * column (say {@code 'u' || id}) stays unambiguous.
 */
public final class KeysetBatchSql {
    private KeysetBatchSql() {
    }

    /** How parameters are written: {@code ?} for JDBC, {@code $1, $2, ...} for PL/pgSQL's EXECUTE ... USING. */
    public enum ParamStyle { JDBC, NUMBERED }

    /** The batch statement with JDBC parameters. */
    public static String build(BackfillTarget target, boolean lowerBound, boolean upperBound) {
        return build(target, lowerBound, upperBound, ParamStyle.JDBC);
    }

    /** The batch statement; {@code lowerBound}/{@code upperBound} choose whether those predicates are present. */
    public static String build(BackfillTarget target, boolean lowerBound, boolean upperBound, ParamStyle style) {
        int[] next = {1};
        java.util.function.Supplier<String> param = () -> style == ParamStyle.JDBC ? "?" : "$" + next[0]++;
        List<KeyColumn> key = target.key();
        String keyCols = key.stream().map(k -> quote(k.name())).collect(Collectors.joining(", "));
        String aliased = IntStream.range(0, key.size())
                .mapToObj(i -> quote(key.get(i).name()) + " AS " + alias(i)).collect(Collectors.joining(", "));
        String rowKey = key.size() == 1 ? quote(key.get(0).name()) : "(" + keyCols + ")";
        java.util.function.Supplier<String> params = () -> key.size() == 1 ? typedParam(key.get(0), param)
                : "(" + key.stream().map(k -> typedParam(k, param)).collect(Collectors.joining(", ")) + ")";

        StringBuilder range = new StringBuilder();
        if (lowerBound) {
            range.append(rowKey).append(" > ").append(params.get());
        }
        if (upperBound) {
            range.append(range.length() == 0 ? "" : " AND ").append(rowKey).append(" <= ").append(params.get());
        }
        String join = IntStream.range(0, key.size())
                .mapToObj(i -> "t." + quote(key.get(i).name()) + " = b." + alias(i))
                .collect(Collectors.joining(" AND "));
        String assignments = target.set().entrySet().stream()
                .map(e -> quote(e.getKey()) + " = (" + e.getValue() + ")").collect(Collectors.joining(", "));
        // Rows already holding the wanted value are not rewritten: no dead tuple, no WAL, no trigger.
        String differs = target.set().entrySet().stream()
                .map(e -> "t." + quote(e.getKey()) + " IS DISTINCT FROM (" + e.getValue() + ")")
                .collect(Collectors.joining(" OR "));
        String filter = target.where() == null ? "" : " AND (" + target.where() + ")";
        String lastKey = IntStream.range(0, key.size()).mapToObj(KeysetBatchSql::alias)
                .collect(Collectors.joining(", "));
        String descending = IntStream.range(0, key.size()).mapToObj(i -> alias(i) + " DESC")
                .collect(Collectors.joining(", "));

        return "WITH batch AS (SELECT " + aliased + " FROM " + target.tableSql()
                + (range.length() == 0 ? "" : " WHERE " + range)
                + " ORDER BY " + keyCols + " LIMIT " + param.get() + "),\n"
                + "     written AS (UPDATE " + target.tableSql() + " AS t SET " + assignments
                + " FROM batch b WHERE " + join + filter + " AND (" + differs + ") RETURNING 1)\n"
                + "SELECT last.*, (SELECT count(*) FROM written) AS rows_written, (SELECT count(*) FROM batch) AS rows_scanned\n"
                + "FROM (SELECT " + lastKey + " FROM batch ORDER BY " + descending + " LIMIT 1) AS last";
    }

    private static String typedParam(KeyColumn k, java.util.function.Supplier<String> param) {
        return "CAST(" + param.get() + " AS " + k.type() + ")";
    }

    static String alias(int i) {
        return "pgshift_k" + (i + 1);
    }

    static String quote(String ident) {
        return "\"" + ident.replace("\"", "\"\"") + "\"";
    }
}
