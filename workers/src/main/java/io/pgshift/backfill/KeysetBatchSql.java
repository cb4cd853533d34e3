package io.pgshift.backfill;

import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Builds the one statement a backfill batch runs. It walks the key with a keyset predicate
 * ({@code (k1, k2) > (?, ?)}, never OFFSET, never {@code col IS NULL LIMIT n}, which rescans
 * finished rows and gets slower with every batch), so every batch is an index range scan
 * whatever its position in the table.
 *
 * <p>Shape: a CTE picks the next {@code limit} keys after the cursor (and not beyond the
 * partition's upper bound); two one-row CTEs take its first and last key; the UPDATE writes
 * the key range {@code [first, last]}, only rows inside {@code where} whose value differs; the
 * final SELECT returns the last key as text (the next cursor), the rows written and the rows scanned,
 * or no row at all once the range is exhausted. Parameters, in order: the cursor's key values
 * (the lower bound, exclusive), the upper bound's key values (inclusive), the limit.
 *
 * <p>Why a range and not a join on the picked keys: the planner estimates a join against the
 * CTE by the CTE's row count and, once a batch is a few percent of the table, prefers a hash
 * join over a sequential scan of the whole table. A range between two InitPlan parameters is
 * estimated as a narrow range and always runs as an index range scan on the key (proved by
 * KeysetBatchPlanIT). The range holds exactly the picked keys: the statement has one snapshot,
 * and a row inserted into the range meanwhile is the sync trigger's business.
 *
 * <p>Key columns are aliased inside the CTE so that a {@code set} expression naming a key
 * column (say {@code 'u' || id}) stays unambiguous.
 *
 * <p>With a {@link BackfillJoin} the UPDATE reads the source too ({@code UPDATE orders AS orders
 * SET ... FROM customers AS customers WHERE <range> AND orders.customer_id = customers.id ...}):
 * the batch still picks and walks the target's keys, and a target row without a match is not
 * written. The batch CTE also picks the target's join columns, and the source is restricted to
 * them ({@code customers.id = ANY (ARRAY(SELECT pgshift_j1 FROM batch))}): joined on the range
 * alone, the planner estimates the range at 0.5 % of the target and hashes the whole source,
 * scanning it sequentially in every batch; the array makes it an index scan of the batch's own
 * source rows whatever join it then picks (proved by KeysetBatchPlanIT). The target goes by its
 * own name instead of {@code t}, so expressions may qualify a column both tables have.
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
        Supplier<String> param = () -> style == ParamStyle.JDBC ? "?" : "$" + next[0]++;
        List<KeyColumn> key = target.key();
        String keyCols = key.stream().map(k -> quote(k.name())).collect(Collectors.joining(", "));
        BackfillJoin join = target.join();
        List<String> joinColumns = join == null ? List.of() : List.copyOf(join.on().keySet());
        String aliased = IntStream.range(0, key.size())
                .mapToObj(i -> quote(key.get(i).name()) + " AS " + alias(i)).collect(Collectors.joining(", "))
                + IntStream.range(0, joinColumns.size())
                .mapToObj(i -> ", " + quote(joinColumns.get(i)) + " AS " + joinAlias(i)).collect(Collectors.joining());
        String rowKey = rowKey(target, "");
        String t = join == null ? "t" : quote(join.targetName());
        Supplier<String> params = () -> key.size() == 1 ? typedParam(key.get(0), param)
                : "(" + key.stream().map(k -> typedParam(k, param)).collect(Collectors.joining(", ")) + ")";

        StringBuilder range = new StringBuilder();
        if (lowerBound) {
            range.append(rowKey).append(" > ").append(params.get());
        }
        if (upperBound) {
            range.append(range.length() == 0 ? "" : " AND ").append(rowKey).append(" <= ").append(params.get());
        }
        String assignments = target.set().entrySet().stream()
                .map(e -> quote(e.getKey()) + " = (" + e.getValue() + ")").collect(Collectors.joining(", "));
        // Rows already holding the wanted value are not rewritten: no dead tuple, no WAL, no trigger.
        String differs = target.set().entrySet().stream()
                .map(e -> t + "." + quote(e.getKey()) + " IS DISTINCT FROM (" + e.getValue() + ")")
                .collect(Collectors.joining(" OR "));
        String filter = target.where() == null ? "" : " AND (" + target.where() + ")";
        String ascending = IntStream.range(0, key.size()).mapToObj(KeysetBatchSql::alias)
                .collect(Collectors.joining(", "));
        String descending = IntStream.range(0, key.size()).mapToObj(i -> alias(i) + " DESC")
                .collect(Collectors.joining(", "));
        String tRowKey = rowKey(target, t + ".");
        String source = join == null ? "" : " FROM " + join.sourceSql() + " AS " + quote(join.sourceName());
        String matches = join == null ? "" : IntStream.range(0, joinColumns.size()).mapToObj(i -> {
            String sourceColumn = quote(join.sourceName()) + "." + quote(join.on().get(joinColumns.get(i)));
            return " AND " + sourceColumn + " = ANY (ARRAY(SELECT " + joinAlias(i) + " FROM batch))"
                    + " AND " + t + "." + quote(joinColumns.get(i)) + " = " + sourceColumn;
        }).collect(Collectors.joining());
        // The next cursor travels as text (stored as JSON, bound back with CAST(? AS type)), cast by
        // the server so that no driver-side formatting (binary timestamps, say) can alter a value.
        String lastText = IntStream.range(0, key.size()).mapToObj(i -> "last." + alias(i) + "::text AS " + alias(i))
                .collect(Collectors.joining(", "));

        return "WITH batch AS MATERIALIZED (SELECT " + aliased + " FROM " + target.tableSql()
                + (range.length() == 0 ? "" : " WHERE " + range)
                + " ORDER BY " + keyCols + " LIMIT " + param.get() + "),\n"
                + "     first AS MATERIALIZED (SELECT " + ascending + " FROM batch ORDER BY " + ascending + " LIMIT 1),\n"
                + "     last AS MATERIALIZED (SELECT " + ascending + " FROM batch ORDER BY " + descending + " LIMIT 1),\n"
                + "     written AS (UPDATE " + target.tableSql() + " AS " + t + " SET " + assignments + source
                + " WHERE " + tRowKey + " >= " + bound(key.size(), "first") + " AND " + tRowKey + " <= "
                + bound(key.size(), "last") + matches + filter + " AND (" + differs + ") RETURNING 1)\n"
                + "SELECT " + lastText + ", (SELECT count(*) FROM written) AS rows_written, (SELECT count(*) FROM batch) AS rows_scanned\n"
                + "FROM last";
    }

    private static String rowKey(BackfillTarget target, String qualifier) {
        List<KeyColumn> key = target.key();
        String cols = key.stream().map(k -> qualifier + quote(k.name())).collect(Collectors.joining(", "));
        return key.size() == 1 ? cols : "(" + cols + ")";
    }

    /** One scalar sub-select per key column, so each becomes an InitPlan parameter usable as an index bound. */
    private static String bound(int columns, String cte) {
        String values = IntStream.range(0, columns).mapToObj(i -> "(SELECT " + alias(i) + " FROM " + cte + ")")
                .collect(Collectors.joining(", "));
        return columns == 1 ? values : "(" + values + ")";
    }

    private static String typedParam(KeyColumn k, Supplier<String> param) {
        return "CAST(" + param.get() + " AS " + k.type() + ")";
    }

    static String alias(int i) {
        return "pgshift_k" + (i + 1);
    }

    private static String joinAlias(int i) {
        return "pgshift_j" + (i + 1);
    }

    static String quote(String ident) {
        return "\"" + ident.replace("\"", "\"\"") + "\"";
    }
}
