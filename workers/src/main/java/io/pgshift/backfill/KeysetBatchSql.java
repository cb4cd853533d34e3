package io.pgshift.backfill;

import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Builds the statements a backfill batch runs ({@link BatchSql}). It walks the key with a keyset
 * predicate ({@code (k1, k2) > (?, ?)}, never OFFSET, never {@code col IS NULL LIMIT n}, which
 * rescans finished rows and gets slower with every batch), so every batch is an index range scan
 * whatever its position in the table.
 *
 * <p>The pick: the next {@code limit} keys after the cursor (and not beyond the partition's upper
 * bound), returned as their first key ({@code pgshift_f1, ...}), their last key ({@code pgshift_k1,
 * ...}: the next cursor) and their count ({@code rows_scanned}), all keys as text; no row at all
 * once the range is exhausted. Parameters: the cursor's key values (the lower bound, exclusive), the
 * upper bound's key values (inclusive), the limit. For a one-column key of a type with {@code min}
 * and {@code max} (integers, numeric, dates and timestamps) it is one aggregate over the picked
 * keys; otherwise the keys are materialized and sorted for the first and the last.
 *
 * <p>The write: the UPDATE of the key range {@code [first, last]}, only rows inside {@code where}
 * whose value differs; its update count is the rows written. Parameters: the first key's values,
 * the last key's values.
 *
 * <p>Why two statements and not one: the one statement this replaced (the picked keys in a
 * MATERIALIZED CTE, two sorts of it, the UPDATE in a CTE {@code RETURNING 1} to count its rows)
 * made the walk 10 – 13 % slower than the same walk by two plain statements (docs/BENCHMARKS.md).
 * Both run in one transaction; a row inserted into the range between them is written too, which
 * is what it needs (or, under a sync trigger, it already holds the value and is skipped).
 *
 * <p>Why a range and not a join on the picked keys: the planner estimates a join against the
 * picked keys by their count and, once a batch is a few percent of the table, prefers a hash join
 * over a sequential scan of the whole table. The range's bounds are InitPlan parameters
 * ({@code (SELECT pgshift_f1 FROM pgshift_bounds)}), estimated as a narrow range whatever their
 * values, so it always runs as an index range scan on the key (proved by KeysetBatchPlanIT).
 *
 * <p>Key columns are aliased in the pick so that a {@code set} expression naming a key column
 * (say {@code 'u' || id}) stays unambiguous.
 *
 * <p>With a {@link BackfillJoin} the UPDATE reads the source too ({@code UPDATE orders AS orders
 * SET ... FROM customers AS customers WHERE <range> AND orders.customer_id = customers.id ...}):
 * the batch still picks and walks the target's keys, and a target row without a match is not
 * written. The source is restricted to the range's own join values ({@code customers.id = ANY
 * (ARRAY(SELECT customer_id FROM orders WHERE <range>))}): joined on the range alone, the planner
 * estimates the range at 0.5 % of the target and hashes the whole source, scanning it sequentially
 * in every batch; the array makes it an index scan of the batch's own source rows whatever join it
 * then picks (proved by KeysetBatchPlanIT). The target goes by its own name instead of {@code t},
 * so expressions may qualify a column both tables have.
 */
public final class KeysetBatchSql {
    /** Key types (as format_type() prints them) whose min() and max() order as their btree index does. */
    private static final Set<String> AGGREGATABLE = Set.of("smallint", "integer", "bigint", "numeric", "date",
            "timestamp without time zone", "timestamp with time zone");

    private KeysetBatchSql() {
    }

    /** How parameters are written: {@code ?} for JDBC, {@code $1, $2, ...} for PL/pgSQL's EXECUTE ... USING. */
    public enum ParamStyle { JDBC, NUMBERED }

    /** The batch's statements with JDBC parameters. */
    public static BatchSql build(BackfillTarget target, boolean lowerBound, boolean upperBound) {
        return build(target, lowerBound, upperBound, ParamStyle.JDBC);
    }

    /** The batch's statements; {@code lowerBound}/{@code upperBound} choose whether those predicates are present. */
    public static BatchSql build(BackfillTarget target, boolean lowerBound, boolean upperBound, ParamStyle style) {
        return new BatchSql(pick(target, lowerBound, upperBound, style), write(target, style));
    }

    private static String pick(BackfillTarget target, boolean lowerBound, boolean upperBound, ParamStyle style) {
        Supplier<String> param = params(style);
        List<KeyColumn> key = target.key();
        String keyCols = key.stream().map(k -> quote(k.name())).collect(Collectors.joining(", "));
        String rowKey = rowKey(key, "");
        Supplier<String> values = () -> key.size() == 1 ? typedParam(key.get(0), param)
                : "(" + key.stream().map(k -> typedParam(k, param)).collect(Collectors.joining(", ")) + ")";
        StringBuilder range = new StringBuilder();
        if (lowerBound) {
            range.append(rowKey).append(" > ").append(values.get());
        }
        if (upperBound) {
            range.append(range.length() == 0 ? "" : " AND ").append(rowKey).append(" <= ").append(values.get());
        }
        String aliased = eachColumn(key.size(), i -> quote(key.get(i).name()) + " AS " + alias(i));
        String picked = "SELECT " + aliased + " FROM " + target.tableSql()
                + (range.length() == 0 ? "" : " WHERE " + range) + " ORDER BY " + keyCols + " LIMIT " + param.get();
        // Keys leave as text (stored as JSON, bound back with CAST(? AS type)), cast by the server so
        // that no driver-side formatting (binary timestamps, say) can alter a value.
        if (key.size() == 1 && AGGREGATABLE.contains(baseType(key.get(0).type()))) {
            String k = alias(0);
            return "SELECT min(" + k + ")::text AS " + firstAlias(0) + ", max(" + k + ")::text AS " + k
                    + ", count(*) AS rows_scanned\nFROM (" + picked + ") batch\nHAVING count(*) > 0";
        }
        String ascending = eachColumn(key.size(), KeysetBatchSql::alias);
        String descending = eachColumn(key.size(), i -> alias(i) + " DESC");
        String columns = eachColumn(key.size(), i -> "first." + alias(i) + "::text AS " + firstAlias(i))
                + ", " + eachColumn(key.size(), i -> "last." + alias(i) + "::text AS " + alias(i));
        return "WITH batch AS MATERIALIZED (" + picked + ")\n"
                + "SELECT " + columns + ", (SELECT count(*) FROM batch) AS rows_scanned\n"
                + "FROM (SELECT " + ascending + " FROM batch ORDER BY " + ascending + " LIMIT 1) first,"
                + " (SELECT " + ascending + " FROM batch ORDER BY " + descending + " LIMIT 1) last";
    }

    private static String write(BackfillTarget target, ParamStyle style) {
        Supplier<String> param = params(style);
        List<KeyColumn> key = target.key();
        BackfillJoin join = target.join();
        String t = join == null ? "t" : quote(join.targetName());
        // the first key's parameters, then the last key's: the order BatchStatement binds them in
        String bounds = eachColumn(key.size(), i -> typedParam(key.get(i), param) + " AS " + firstAlias(i))
                + ", " + eachColumn(key.size(), i -> typedParam(key.get(i), param) + " AS " + alias(i));
        String assignments = target.set().entrySet().stream()
                .map(e -> quote(e.getKey()) + " = (" + e.getValue() + ")").collect(Collectors.joining(", "));
        // Rows already holding the wanted value are not rewritten: no dead tuple, no WAL, no trigger.
        String differs = target.set().entrySet().stream()
                .map(e -> t + "." + quote(e.getKey()) + " IS DISTINCT FROM (" + e.getValue() + ")")
                .collect(Collectors.joining(" OR "));
        String filter = target.where() == null ? "" : " AND (" + target.where() + ")";
        String source = join == null ? "" : " FROM " + join.sourceSql() + " AS " + quote(join.sourceName());
        String matches = join == null ? "" : join.on().entrySet().stream().map(on -> {
            String sourceColumn = quote(join.sourceName()) + "." + quote(on.getValue());
            return " AND " + sourceColumn + " = ANY (ARRAY(SELECT pgshift_b." + quote(on.getKey()) + " FROM "
                    + target.tableSql() + " AS pgshift_b WHERE " + inRange(key, "pgshift_b.") + "))"
                    + " AND " + t + "." + quote(on.getKey()) + " = " + sourceColumn;
        }).collect(Collectors.joining());
        return "WITH pgshift_bounds AS MATERIALIZED (SELECT " + bounds + ")\n"
                + "UPDATE " + target.tableSql() + " AS " + t + " SET " + assignments + source
                + " WHERE " + inRange(key, t + ".") + matches + filter + " AND (" + differs + ")";
    }

    /** The key range [first, last]; each bound one scalar sub-select per column: InitPlan parameters, usable as index bounds. */
    private static String inRange(List<KeyColumn> key, String qualifier) {
        String rowKey = rowKey(key, qualifier);
        return rowKey + " >= " + bound(key.size(), true) + " AND " + rowKey + " <= " + bound(key.size(), false);
    }

    private static String bound(int columns, boolean first) {
        String values = eachColumn(columns,
                i -> "(SELECT " + (first ? firstAlias(i) : alias(i)) + " FROM pgshift_bounds)");
        return columns == 1 ? values : "(" + values + ")";
    }

    /** One fragment per key column, comma-separated, in key order. */
    private static String eachColumn(int columns, IntFunction<String> column) {
        return IntStream.range(0, columns).mapToObj(column).collect(Collectors.joining(", "));
    }

    private static String rowKey(List<KeyColumn> key, String qualifier) {
        String cols = key.stream().map(k -> qualifier + quote(k.name())).collect(Collectors.joining(", "));
        return key.size() == 1 ? cols : "(" + cols + ")";
    }

    private static Supplier<String> params(ParamStyle style) {
        int[] next = {1};
        return () -> style == ParamStyle.JDBC ? "?" : "$" + next[0]++;
    }

    /** {@code numeric(12,2)} and {@code numeric} are the same type to min() and max(). */
    private static String baseType(String type) {
        int paren = type.indexOf('(');
        return paren < 0 ? type : type.substring(0, paren);
    }

    private static String typedParam(KeyColumn k, Supplier<String> param) {
        return "CAST(" + param.get() + " AS " + k.type() + ")";
    }

    static String alias(int i) {
        return "pgshift_k" + (i + 1);
    }

    private static String firstAlias(int i) {
        return "pgshift_f" + (i + 1);
    }

    static String quote(String ident) {
        return "\"" + ident.replace("\"", "\"\"") + "\"";
    }
}
