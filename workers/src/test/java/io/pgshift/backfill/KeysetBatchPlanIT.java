package io.pgshift.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The batch statement's plan, as PostgreSQL chooses it on analysed 20k-row tables: index range scans on the key. */
@ExtendWith(PgDatabaseExtension.class)
class KeysetBatchPlanIT {
    private static final int ROWS = 20_000;

    @BeforeAll
    static void tables(TestDatabase db) {
        db.execute("CREATE TABLE t_bigint (id bigint PRIMARY KEY, v int, w int);"
                + "INSERT INTO t_bigint SELECT g, g, NULL FROM generate_series(1, " + ROWS + ") g;"
                + "CREATE TABLE t_uuid (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), v int, w int);"
                + "INSERT INTO t_uuid (v) SELECT g FROM generate_series(1, " + ROWS + ") g;"
                + "CREATE TABLE t_text (id text PRIMARY KEY, v int, w int);"
                + "INSERT INTO t_text SELECT 'k' || lpad(g::text, 8, '0'), g, NULL FROM generate_series(1, " + ROWS + ") g;"
                + "CREATE TABLE t_composite (a bigint, b text, v int, w int, PRIMARY KEY (a, b));"
                + "INSERT INTO t_composite SELECT g / 10, 'b' || (g % 10), g, NULL FROM generate_series(1, " + ROWS + ") g;"
                + "CREATE TABLE t_source (id bigint PRIMARY KEY, currency text);"
                + "INSERT INTO t_source SELECT g, CASE WHEN g % 3 = 0 THEN 'USD' ELSE 'EUR' END"
                + " FROM generate_series(1, " + ROWS + ") g;"
                + "CREATE TABLE t_joined (id bigint PRIMARY KEY, source_id bigint, currency text);"
                + "INSERT INTO t_joined SELECT g, (g * 7919) % " + ROWS + " + 1, NULL FROM generate_series(1, " + ROWS + ") g;"
                + "ANALYZE t_bigint; ANALYZE t_uuid; ANALYZE t_text; ANALYZE t_composite; ANALYZE t_source; ANALYZE t_joined;");
    }

    private static BackfillTarget target(String table, List<KeyColumn> key) {
        return new BackfillTarget("\"public\".\"" + table + "\"", key, Map.of("w", "v * 2"), null);
    }

    @Test
    void bigintKeyBatchUsesThePrimaryKeyIndex(TestDatabase db) throws SQLException {
        assertIndexPlan(db, target("t_bigint", List.of(new KeyColumn("id", "bigint"))), "t_bigint_pkey",
                List.of("10000"), List.of("15000"));
        assertIndexPlan(db, target("t_bigint", List.of(new KeyColumn("id", "bigint"))), "t_bigint_pkey", null, null);
    }

    @Test
    void uuidKeyBatchUsesThePrimaryKeyIndex(TestDatabase db) throws SQLException {
        String middle = (String) db.queryValue("SELECT id::text FROM t_uuid ORDER BY id OFFSET 10000 LIMIT 1");
        assertIndexPlan(db, target("t_uuid", List.of(new KeyColumn("id", "uuid"))), "t_uuid_pkey", List.of(middle), null);
    }

    @Test
    void textKeyBatchUsesThePrimaryKeyIndex(TestDatabase db) throws SQLException {
        assertIndexPlan(db, target("t_text", List.of(new KeyColumn("id", "text"))), "t_text_pkey",
                List.of("k00005000"), List.of("k00012000"));
    }

    @Test
    void compositeKeyBatchUsesThePrimaryKeyIndex(TestDatabase db) throws SQLException {
        assertIndexPlan(db, target("t_composite", List.of(new KeyColumn("a", "bigint"), new KeyColumn("b", "text"))),
                "t_composite_pkey", List.of("500", "b3"), List.of("1500", "b0"));
    }

    /**
     * Joined on the range alone (estimated at 0.5 % of the target: 100 rows here), the planner hashed
     * the whole source, a sequential scan of it in every batch, as soon as the source is not much
     * bigger than the target; restricted to the batch's own join values it reads the source
     * through its primary key.
     */
    @Test
    void joinedSourceIsReadThroughItsUniqueIndexForTheBatchOnly(TestDatabase db) throws SQLException {
        BackfillTarget target = new BackfillTarget("\"public\".\"t_joined\"", List.of(new KeyColumn("id", "bigint")),
                Map.of("currency", "t_source.currency"), null,
                new BackfillJoin("\"public\".\"t_source\"", "t_source", "t_joined", Map.of("source_id", "id")));
        String text = assertIndexPlan(db, target, "t_joined_pkey", List.of("5000"), null);
        assertTrue(text.matches("(?s).*Index Scan using t_source_pkey on t_source.*Index Cond: \\(id = ANY .*"),
                "the source must be looked up by its key for the batch's values:\n" + text);
    }

    /** EXPLAIN of a 1,000-row batch (5% of the table, where a join would already turn into a hash join over a seq scan). */
    private static String assertIndexPlan(TestDatabase db, BackfillTarget target, String pkey, List<String> lower,
                                          List<String> upper) throws SQLException {
        String sql = "EXPLAIN " + KeysetBatchSql.build(target, lower != null, upper != null);
        StringBuilder plan = new StringBuilder();
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            int p = 1;
            for (List<String> bound : java.util.Arrays.asList(lower, upper)) {
                for (String v : bound == null ? List.<String>of() : bound) {
                    ps.setString(p++, v);
                }
            }
            ps.setInt(p, 1000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
        }
        String text = plan.toString();
        assertFalse(text.contains("Seq Scan"), text);
        int update = text.indexOf("Update on");
        assertTrue(update >= 0, text);
        String updateScan = text.substring(update);
        assertTrue(updateScan.matches("(?s).*(Index Scan using|Index Only Scan using|Bitmap Index Scan on) " + pkey + ".*"),
                "the UPDATE must scan " + pkey + ":\n" + text);
        String pick = text.substring(0, update);
        assertTrue(pick.matches("(?s).*(Index Scan|Index Only Scan) using " + pkey + ".*"),
                "the batch must pick its keys from " + pkey + ":\n" + text);
        return text;
    }

    @Test
    void rowsOutsideWhereOrAlreadyRightAreNotRewritten(TestDatabase db) throws SQLException {
        db.execute("CREATE TABLE skip (id bigint PRIMARY KEY, v int, w int);"
                + "INSERT INTO skip SELECT g, g, CASE WHEN g % 4 = 0 THEN g * 2 END FROM generate_series(1, 100) g;"
                + "CREATE TABLE skip_before AS SELECT id, xmin::text AS x FROM skip;");
        BackfillTarget target = new BackfillTarget("\"public\".\"skip\"", List.of(new KeyColumn("id", "bigint")),
                Map.of("w", "v * 2"), "v % 2 = 0");
        try (Connection c = db.connect()) {
            BatchResult r = new BatchStatement(target).run(c, null, null, 1000).orElseThrow();
            assertEquals(List.of("100"), r.lastKey());
            assertEquals(100, r.rowsScanned());
            assertEquals(25, r.rowsWritten(), "only even v whose w was not yet v * 2");
        }
        assertEquals(75, db.queryLong("SELECT count(*) FROM skip s JOIN skip_before b USING (id) WHERE s.xmin::text = b.x"),
                "odd rows (outside where) and rows already right keep their original tuple");
        assertEquals(0, db.queryLong("SELECT count(*) FROM skip WHERE v % 2 = 0 AND w IS DISTINCT FROM v * 2"));
        assertEquals(50, db.queryLong("SELECT count(*) FROM skip WHERE w IS NULL"));
    }

    @Test
    void exhaustedRangeReturnsNoRow(TestDatabase db) throws SQLException {
        BackfillTarget target = target("t_bigint", List.of(new KeyColumn("id", "bigint")));
        try (Connection c = db.connect()) {
            assertTrue(new BatchStatement(target).run(c, List.of(String.valueOf(ROWS)), null, 100).isEmpty());
        }
    }
}
