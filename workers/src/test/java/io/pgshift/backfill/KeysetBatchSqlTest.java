package io.pgshift.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeysetBatchSqlTest {
    private static final BackfillTarget SINGLE = new BackfillTarget("\"public\".\"users\"",
            List.of(new KeyColumn("id", "bigint")), Map.of("preferences", "jsonb_build_object('theme', theme)"),
            "role = 'student'");

    @Test
    void picksTheNextKeysWithinPartitionBoundsAndWritesTheirRangeSkippingRowsAlreadyRight() {
        BatchSql sql = KeysetBatchSql.build(SINGLE, true, true);
        assertEquals("SELECT min(pgshift_k1)::text AS pgshift_f1, max(pgshift_k1)::text AS pgshift_k1, count(*) AS rows_scanned\n"
                + "FROM (SELECT \"id\" AS pgshift_k1 FROM \"public\".\"users\" WHERE \"id\" > CAST(? AS bigint)"
                + " AND \"id\" <= CAST(? AS bigint) ORDER BY \"id\" LIMIT ?) batch\n"
                + "HAVING count(*) > 0", sql.pick());
        assertEquals("WITH pgshift_bounds AS MATERIALIZED (SELECT CAST(? AS bigint) AS pgshift_f1, CAST(? AS bigint) AS pgshift_k1)\n"
                + "UPDATE \"public\".\"users\" AS t SET \"preferences\" = (jsonb_build_object('theme', theme))"
                + " WHERE t.\"id\" >= (SELECT pgshift_f1 FROM pgshift_bounds) AND t.\"id\" <= (SELECT pgshift_k1 FROM pgshift_bounds)"
                + " AND (role = 'student') AND (t.\"preferences\" IS DISTINCT FROM (jsonb_build_object('theme', theme)))",
                sql.write());
    }

    @Test
    void keysWithoutMinAndMaxAreSortedForTheFirstAndTheLast() {
        var target = new BackfillTarget("\"public\".\"devices\"", List.of(new KeyColumn("id", "uuid")),
                Map.of("w", "v * 2"), null);
        assertEquals("WITH batch AS MATERIALIZED (SELECT \"id\" AS pgshift_k1 FROM \"public\".\"devices\""
                + " WHERE \"id\" > CAST(? AS uuid) ORDER BY \"id\" LIMIT ?)\n"
                + "SELECT first.pgshift_k1::text AS pgshift_f1, last.pgshift_k1::text AS pgshift_k1, (SELECT count(*) FROM batch) AS rows_scanned\n"
                + "FROM (SELECT pgshift_k1 FROM batch ORDER BY pgshift_k1 LIMIT 1) first,"
                + " (SELECT pgshift_k1 FROM batch ORDER BY pgshift_k1 DESC LIMIT 1) last",
                KeysetBatchSql.build(target, true, false).pick());
        var numeric = new BackfillTarget("\"public\".\"ledger\"", List.of(new KeyColumn("id", "numeric(20,0)")),
                Map.of("w", "v * 2"), null);
        assertTrue(KeysetBatchSql.build(numeric, true, false).pick().startsWith("SELECT min(pgshift_k1)"),
                "numeric(20,0) is a numeric to min() and max()");
    }

    @Test
    void compositeKeysUseRowComparison() {
        var target = new BackfillTarget("\"public\".\"grades\"",
                List.of(new KeyColumn("student_id", "bigint"), new KeyColumn("course", "text")),
                Map.of("score_pct", "score * 100"), null);
        BatchSql sql = KeysetBatchSql.build(target, true, false, KeysetBatchSql.ParamStyle.NUMBERED);
        assertTrue(sql.pick().contains("WHERE (\"student_id\", \"course\") > (CAST($1 AS bigint), CAST($2 AS text))"
                + " ORDER BY \"student_id\", \"course\" LIMIT $3"), sql.pick());
        assertTrue(sql.pick().contains("ORDER BY pgshift_k1 DESC, pgshift_k2 DESC LIMIT 1) last"), sql.pick());
        assertFalse(sql.pick().contains("OFFSET"));
        assertFalse(sql.pick().contains("IS NULL LIMIT"));
        assertTrue(sql.write().startsWith("WITH pgshift_bounds AS MATERIALIZED (SELECT CAST($1 AS bigint) AS pgshift_f1,"
                + " CAST($2 AS text) AS pgshift_f2, CAST($3 AS bigint) AS pgshift_k1, CAST($4 AS text) AS pgshift_k2)"), sql.write());
        assertTrue(sql.write().contains("WHERE (t.\"student_id\", t.\"course\") >= ((SELECT pgshift_f1 FROM pgshift_bounds),"
                + " (SELECT pgshift_f2 FROM pgshift_bounds)) AND (t.\"student_id\", t.\"course\") <= ((SELECT pgshift_k1 FROM pgshift_bounds),"
                + " (SELECT pgshift_k2 FROM pgshift_bounds))"), sql.write());
    }

    @Test
    void joinedSourceIsReadForTheRangeOnlyAndTheTargetGoesByItsName() {
        var target = new BackfillTarget("\"public\".\"orders\"", List.of(new KeyColumn("id", "bigint")),
                Map.of("currency_code", "customers.currency"), "customers.active",
                new BackfillJoin("\"public\".\"customers\"", "customers", "orders", Map.of("customer_id", "id")));
        assertEquals("WITH pgshift_bounds AS MATERIALIZED (SELECT CAST(? AS bigint) AS pgshift_f1, CAST(? AS bigint) AS pgshift_k1)\n"
                + "UPDATE \"public\".\"orders\" AS \"orders\" SET \"currency_code\" = (customers.currency)"
                + " FROM \"public\".\"customers\" AS \"customers\""
                + " WHERE \"orders\".\"id\" >= (SELECT pgshift_f1 FROM pgshift_bounds) AND \"orders\".\"id\" <= (SELECT pgshift_k1 FROM pgshift_bounds)"
                + " AND \"customers\".\"id\" = ANY (ARRAY(SELECT pgshift_b.\"customer_id\" FROM \"public\".\"orders\" AS pgshift_b"
                + " WHERE pgshift_b.\"id\" >= (SELECT pgshift_f1 FROM pgshift_bounds) AND pgshift_b.\"id\" <= (SELECT pgshift_k1 FROM pgshift_bounds)))"
                + " AND \"orders\".\"customer_id\" = \"customers\".\"id\" AND (customers.active)"
                + " AND (\"orders\".\"currency_code\" IS DISTINCT FROM (customers.currency))",
                KeysetBatchSql.build(target, true, false).write());
    }

    @Test
    void firstBatchHasNoLowerBound() {
        String sql = KeysetBatchSql.build(SINGLE, false, false).pick();
        assertTrue(sql.contains("FROM (SELECT \"id\" AS pgshift_k1 FROM \"public\".\"users\" ORDER BY \"id\" LIMIT ?) batch"), sql);
    }
}
