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
    void walksTheKeyWithinPartitionBoundsAndSkipsRowsAlreadyRight() {
        assertEquals("WITH batch AS MATERIALIZED (SELECT \"id\" AS pgshift_k1 FROM \"public\".\"users\" WHERE \"id\" > CAST(? AS bigint)"
                + " AND \"id\" <= CAST(? AS bigint) ORDER BY \"id\" LIMIT ?),\n"
                + "     first AS MATERIALIZED (SELECT pgshift_k1 FROM batch ORDER BY pgshift_k1 LIMIT 1),\n"
                + "     last AS MATERIALIZED (SELECT pgshift_k1 FROM batch ORDER BY pgshift_k1 DESC LIMIT 1),\n"
                + "     written AS (UPDATE \"public\".\"users\" AS t SET \"preferences\" = (jsonb_build_object('theme', theme))"
                + " WHERE t.\"id\" >= (SELECT pgshift_k1 FROM first) AND t.\"id\" <= (SELECT pgshift_k1 FROM last)"
                + " AND (role = 'student') AND (t.\"preferences\" IS DISTINCT FROM"
                + " (jsonb_build_object('theme', theme))) RETURNING 1)\n"
                + "SELECT last.pgshift_k1::text AS pgshift_k1, (SELECT count(*) FROM written) AS rows_written, (SELECT count(*) FROM batch) AS rows_scanned\n"
                + "FROM last",
                KeysetBatchSql.build(SINGLE, true, true));
    }

    @Test
    void compositeKeysUseRowComparison() {
        var target = new BackfillTarget("\"public\".\"grades\"",
                List.of(new KeyColumn("student_id", "bigint"), new KeyColumn("course", "text")),
                Map.of("score_pct", "score * 100"), null);
        String sql = KeysetBatchSql.build(target, true, false, KeysetBatchSql.ParamStyle.NUMBERED);
        assertTrue(sql.contains("WHERE (\"student_id\", \"course\") > (CAST($1 AS bigint), CAST($2 AS text))"
                + " ORDER BY \"student_id\", \"course\" LIMIT $3"), sql);
        assertFalse(sql.contains("OFFSET"));
        assertFalse(sql.contains("IS NULL LIMIT"));
        assertTrue(sql.contains("WHERE (t.\"student_id\", t.\"course\") >= ((SELECT pgshift_k1 FROM first), (SELECT pgshift_k2 FROM first))"
                + " AND (t.\"student_id\", t.\"course\") <= ((SELECT pgshift_k1 FROM last), (SELECT pgshift_k2 FROM last))"), sql);
    }

    @Test
    void joinedSourceIsReadForTheRangeOnlyAndTheTargetGoesByItsName() {
        var target = new BackfillTarget("\"public\".\"orders\"", List.of(new KeyColumn("id", "bigint")),
                Map.of("currency_code", "customers.currency"), "customers.active",
                new BackfillJoin("\"public\".\"customers\"", "customers", "orders", Map.of("customer_id", "id")));
        assertEquals("WITH batch AS MATERIALIZED (SELECT \"id\" AS pgshift_k1, \"customer_id\" AS pgshift_j1 FROM \"public\".\"orders\" WHERE \"id\" > CAST(? AS bigint)"
                + " ORDER BY \"id\" LIMIT ?),\n"
                + "     first AS MATERIALIZED (SELECT pgshift_k1 FROM batch ORDER BY pgshift_k1 LIMIT 1),\n"
                + "     last AS MATERIALIZED (SELECT pgshift_k1 FROM batch ORDER BY pgshift_k1 DESC LIMIT 1),\n"
                + "     written AS (UPDATE \"public\".\"orders\" AS \"orders\" SET \"currency_code\" = (customers.currency)"
                + " FROM \"public\".\"customers\" AS \"customers\""
                + " WHERE \"orders\".\"id\" >= (SELECT pgshift_k1 FROM first) AND \"orders\".\"id\" <= (SELECT pgshift_k1 FROM last)"
                + " AND \"customers\".\"id\" = ANY (ARRAY(SELECT pgshift_j1 FROM batch))"
                + " AND \"orders\".\"customer_id\" = \"customers\".\"id\" AND (customers.active)"
                + " AND (\"orders\".\"currency_code\" IS DISTINCT FROM (customers.currency)) RETURNING 1)\n"
                + "SELECT last.pgshift_k1::text AS pgshift_k1, (SELECT count(*) FROM written) AS rows_written, (SELECT count(*) FROM batch) AS rows_scanned\n"
                + "FROM last",
                KeysetBatchSql.build(target, true, false));
    }

    @Test
    void firstBatchHasNoLowerBound() {
        String sql = KeysetBatchSql.build(SINGLE, false, false);
        assertTrue(sql.startsWith("WITH batch AS MATERIALIZED (SELECT \"id\" AS pgshift_k1 FROM \"public\".\"users\" ORDER BY \"id\" LIMIT ?)"), sql);
    }
}
