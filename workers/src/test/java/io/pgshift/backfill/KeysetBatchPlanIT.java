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
import java.util.ArrayList;
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

    /** EXPLAIN of a 1,000-row batch (5% of the table, where a join would already turn into a hash join over a seq scan): the pick and the write. */
    private static String assertIndexPlan(TestDatabase db, BackfillTarget target, String pkey, List<String> lower,
                                          List<String> upper) throws SQLException {
        String text = explain(db, target, lower, upper);
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

    /** The pick's plan, then the write's for the range the pick really found (the write's plan starts at "Update on"). */
    private static String explain(TestDatabase db, BackfillTarget target, List<String> lower, List<String> upper)
            throws SQLException {
        BatchSql sql = KeysetBatchSql.build(target, lower != null, upper != null);
        List<String> pickParams = new ArrayList<>();
        for (List<String> bound : java.util.Arrays.asList(lower, upper)) {
            pickParams.addAll(bound == null ? List.of() : bound);
        }
        try (Connection c = db.connect()) {
            String pickPlan = String.join("\n", rows(c, "EXPLAIN " + sql.pick(), pickParams, 1000)) + "\n";
            List<String> picked = rows(c, sql.pick(), pickParams, 1000);
            assertEquals(1, picked.size(), "the pick found keys");
            // first key's columns, then the last key's: the write's parameters, in order
            int keys = target.key().size();
            List<String> range = List.of(picked.get(0).split("\t", -1)).subList(0, 2 * keys);
            return pickPlan + String.join("\n", rows(c, "EXPLAIN " + sql.write(), range, null)) + "\n";
        }
    }

    /** Each row's columns joined by tabs; {@code limit}, when given, binds the last parameter. */
    private static List<String> rows(Connection c, String sql, List<String> params, Integer limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int p = 1;
            for (String v : params) {
                ps.setString(p++, v);
            }
            if (limit != null) {
                ps.setInt(p, limit);
            }
            List<String> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= columns; i++) {
                        row.add(rs.getString(i));
                    }
                    rows.add(String.join("\t", row));
                }
            }
            return rows;
        }
    }

    /**
     * A partitioned table is walked through its parent: each batch reaches every partition through
     * that partition's own key index (a seek, empty where the range misses it), never a sequential
     * scan. Keyed by the partition column first (LIST) and by a key the partitions interleave on (RANGE).
     */
    @Test
    void partitionedTableBatchUsesEachPartitionsKeyIndex(TestDatabase db) throws SQLException {
        db.execute("CREATE TABLE p_list (id bigint, region text, v int, w int, PRIMARY KEY (region, id)) PARTITION BY LIST (region);"
                + "CREATE TABLE p_list_eu PARTITION OF p_list FOR VALUES IN ('eu');"
                + "CREATE TABLE p_list_us PARTITION OF p_list FOR VALUES IN ('us');"
                + "CREATE TABLE p_list_apac PARTITION OF p_list FOR VALUES IN ('apac');"
                + "INSERT INTO p_list SELECT g, (ARRAY['eu', 'us', 'apac'])[1 + g % 3], g, NULL FROM generate_series(1, " + ROWS + ") g;"
                + "CREATE TABLE p_range (id bigint, at date, v int, w int, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);"
                + "CREATE TABLE p_range_1 PARTITION OF p_range FOR VALUES FROM ('2024-01-01') TO ('2024-02-01');"
                + "CREATE TABLE p_range_2 PARTITION OF p_range FOR VALUES FROM ('2024-02-01') TO ('2024-03-01');"
                + "INSERT INTO p_range SELECT g, date '2024-01-01' + g % 59, g, NULL FROM generate_series(1, " + ROWS + ") g;"
                + "ANALYZE p_list_eu; ANALYZE p_list_us; ANALYZE p_list_apac; ANALYZE p_range_1; ANALYZE p_range_2;");
        String list = assertPartitionIndexPlan(db, target("p_list", List.of(new KeyColumn("region", "text"),
                new KeyColumn("id", "bigint"))), "p_list_(eu|us|apac)_pkey", List.of("eu", "5000"), List.of("us", "9000"));
        assertTrue(list.contains("p_list_apac_pkey") && list.contains("p_list_us_pkey"), list);
        assertPartitionIndexPlan(db, target("p_range", List.of(new KeyColumn("id", "bigint"), new KeyColumn("at", "date"))),
                "p_range_[12]_pkey", List.of("5000", "2024-01-01"), null);
    }

    /** Autovacuum never analyses a partitioned parent: its rows are its leaves', not a count(*) of every partition. */
    @Test
    void partitionedTableRowEstimateAddsUpItsLeaves(TestDatabase db) throws SQLException {
        db.execute("CREATE TABLE p_est (id bigint PRIMARY KEY) PARTITION BY RANGE (id);"
                + "CREATE TABLE p_est_1 PARTITION OF p_est FOR VALUES FROM (0) TO (1000);"
                + "CREATE TABLE p_est_2 PARTITION OF p_est FOR VALUES FROM (1000) TO (MAXVALUE);"
                + "INSERT INTO p_est SELECT g FROM generate_series(1, 3000) g; ANALYZE p_est_1; ANALYZE p_est_2;"
                + "INSERT INTO p_est SELECT g FROM generate_series(3001, 3500) g");
        try (Connection c = db.connect()) {
            assertEquals(3000, KeySampler.estimateRows(c, "public.p_est", "\"public\".\"p_est\""),
                    "the analysed leaves' estimate, not the exact 3500 of a count");
        }
    }

    private static String assertPartitionIndexPlan(TestDatabase db, BackfillTarget target, String pkeys, List<String> lower,
                                                   List<String> upper) throws SQLException {
        String text = explain(db, target, lower, upper);
        assertFalse(text.contains("Seq Scan"), text);
        int update = text.indexOf("Update on");
        assertTrue(update >= 0, text);
        String scan = "(Index Scan using|Index Only Scan using|Bitmap Index Scan on) " + pkeys;
        assertTrue(text.substring(0, update).matches("(?s).*" + scan + ".*"), "keys picked from the partitions' keys:\n" + text);
        assertTrue(text.substring(update).matches("(?s).*" + scan + ".*"), "rows updated through the partitions' keys:\n" + text);
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
