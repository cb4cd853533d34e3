package io.pgshift.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.backfill.KeyColumn;
import io.pgshift.playbook.AddCheck;
import io.pgshift.playbook.AddForeignKey;
import io.pgshift.playbook.AddUnique;
import io.pgshift.playbook.ReferentialAction;
import io.pgshift.playbook.SetNotNull;
import io.pgshift.playbook.TableRef;
import io.pgshift.playbook.Verify;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PgDatabaseExtension.class)
class GateIT {
    private static final TableRef ITEMS = new TableRef("public", "items");
    private static final TableRef OWNERS = new TableRef("public", "owners");
    private static final Map<TableRef, List<KeyColumn>> KEYS = Map.of(ITEMS, List.of(new KeyColumn("id", "bigint")));
    private static TestDatabase db;

    @BeforeAll
    static void setUp(TestDatabase database) {
        db = database;
        db.execute("CREATE TABLE owners (id bigint PRIMARY KEY)");
        db.execute("INSERT INTO owners SELECT g FROM generate_series(1, 10) g");
        db.execute("CREATE TABLE items (id bigint PRIMARY KEY, owner_id bigint, code text, qty int)");
        db.execute("INSERT INTO items SELECT g, 1 + g % 10, 'c' || g, g % 50 FROM generate_series(1, 2500) g");
        db.execute("UPDATE items SET code = NULL WHERE id IN (7, 1500, 2499)");
        db.execute("UPDATE items SET owner_id = 99 WHERE id = 42");
        db.execute("UPDATE items SET owner_id = NULL WHERE id = 43");
        db.execute("UPDATE items SET qty = -1 WHERE id = 2000");
        db.execute("UPDATE items SET code = 'c1' WHERE id = 2");
    }

    private static GateCheck check(String path, io.pgshift.playbook.ContractStep step) {
        return io.pgshift.operation.OperationRegistry.gate(path, step).orElseThrow();
    }

    @Test
    void countsEachKindOfViolationWithSampleKeys() throws Exception {
        List<GateCheck> checks = List.of(
                check("contract[0].set_not_null", new SetNotNull(ITEMS, "code")),
                check("contract[1].add_foreign_key", new AddForeignKey(ITEMS, List.of("owner_id"), OWNERS, List.of("id"),
                        ReferentialAction.NO_ACTION, "items_owner_fkey")),
                check("contract[2].add_check", new AddCheck(ITEMS, "items_qty", "qty >= 0")),
                check("contract[3].add_unique", new AddUnique(ITEMS, List.of("code"), "items_code_key")));
        try (Connection c = db.connect()) {
            GateResult result = new Gate(1000).run(c, new GateRequest(checks, KEYS, Map.of(), Duration.ofMinutes(1)),
                    (p, cur) -> { });
            assertFalse(result.passed());
            assertEquals(List.of(3L, 1L, 1L, 1L), result.checks().stream().map(CheckResult::violations).toList());
            assertEquals(List.of("7", "1500", "2499"), result.checks().get(0).sampleKeys());
            assertEquals(List.of("42"), result.checks().get(1).sampleKeys(), "a NULL reference is not an orphan");
            assertEquals(2500, result.checks().get(0).rowsChecked());
            assertTrue(result.summary().contains("3 NULLs in items.code (e.g. keys 7, 1500, 2499)"), result.summary());
            assertEquals(List.of("(c1) in 2 rows"), result.checks().get(3).sampleKeys(), "the duplicated value itself");
            assertTrue(result.summary().endsWith("1 duplicate values of items (code) (e.g. values (c1) in 2 rows)"),
                    result.summary());
        }
    }

    @Test
    void resumesFromAPersistedCursorWithoutRecounting() throws Exception {
        GateCheck nulls = check("contract[0].set_not_null", new SetNotNull(ITEMS, "code"));
        List<GateCursor> seen = new ArrayList<>();
        try (Connection c = db.connect()) {
            new Gate(1000).run(c, new GateRequest(List.of(nulls), KEYS, Map.of(), Duration.ofMinutes(1)),
                    (p, cur) -> seen.add(cur));
            // the first checkpoint is after the first chunk of 1000 rows: key 1000, one NULL (id 7)
            GateCursor afterFirstChunk = seen.get(0);
            assertEquals(List.of("1000"), afterFirstChunk.lastKey());
            assertEquals(1, afterFirstChunk.violations());
            Map<String, GateCursor> resume = new HashMap<>(Map.of(nulls.path(), afterFirstChunk));
            GateResult resumed = new Gate(1000).run(c, new GateRequest(List.of(nulls), KEYS, resume, Duration.ofMinutes(1)),
                    (p, cur) -> { });
            assertEquals(3, resumed.checks().get(0).violations());
            assertEquals(2500, resumed.checks().get(0).rowsChecked());
        }
    }

    @Test
    void chunksShrinkTowardTheirTargetDurationAndStillCountExactly() throws Exception {
        db.execute("CREATE TABLE IF NOT EXISTS wide (id bigint PRIMARY KEY, v int)");
        db.execute("INSERT INTO wide SELECT g, CASE WHEN g % 997 = 0 THEN NULL ELSE g END FROM generate_series(1, 60000) g"
                + " ON CONFLICT DO NOTHING");
        TableRef wide = new TableRef("public", "wide");
        GateCheck nulls = check("contract[0].set_not_null", new SetNotNull(wide, "v"));
        List<Long> chunkSizes = new ArrayList<>();
        long[] last = {0};
        try (Connection c = db.connect()) {
            GateResult result = new Gate(20_000, Duration.ZERO, Duration.ofMillis(1)).run(c, new GateRequest(List.of(nulls),
                    Map.of(wide, List.of(new KeyColumn("id", "bigint"))), Map.of(), Duration.ofMinutes(1)), (p, cur) -> {
                        chunkSizes.add(cur.rowsChecked() - last[0]);
                        last[0] = cur.rowsChecked();
                    });
            assertEquals(60_000 / 997, result.checks().get(0).violations(), "exact whatever the chunk sizes");
            assertEquals(60_000, result.checks().get(0).rowsChecked());
        }
        assertEquals(20_000L, chunkSizes.get(0), "the first chunk has the configured size");
        assertTrue(chunkSizes.size() > 4 && chunkSizes.get(2) < 20_000, "later chunks aim at 1 ms: " + chunkSizes);
    }

    /**
     * A partitioned table's rows are counted through its parent in chunks of its key, each chunk
     * reaching every partition through that partition's key index: no partition is scanned whole.
     */
    @Test
    void countsAPartitionedTableInChunksThroughEachPartitionsKey() throws Exception {
        db.execute("CREATE TABLE parted (id bigint, region text, code text, PRIMARY KEY (id, region)) PARTITION BY LIST (region);"
                + "CREATE TABLE parted_eu PARTITION OF parted FOR VALUES IN ('eu');"
                + "CREATE TABLE parted_us PARTITION OF parted FOR VALUES IN ('us');"
                + "INSERT INTO parted SELECT g, CASE WHEN g % 2 = 0 THEN 'eu' ELSE 'us' END,"
                + " CASE WHEN g % 1000 = 0 THEN NULL ELSE 'c' || g END FROM generate_series(1, 20000) g;"
                + "ANALYZE parted_eu; ANALYZE parted_us");
        TableRef parted = new TableRef("public", "parted");
        List<KeyColumn> key = List.of(new KeyColumn("id", "bigint"), new KeyColumn("region", "text"));
        GateCheck nulls = check("contract[0].set_not_null", new SetNotNull(parted, "code"));
        try (Connection c = db.connect()) {
            GateResult result = new Gate(1000).run(c, new GateRequest(List.of(nulls), Map.of(parted, key), Map.of(), Duration.ofMinutes(1)),
                    (p, cur) -> { });
            assertEquals(20, result.checks().get(0).violations());
            assertEquals(20_000, result.checks().get(0).rowsChecked());
            StringBuilder plan = new StringBuilder();
            try (var ps = c.prepareStatement("EXPLAIN " + GateChunkSql.build(nulls, key, false, true))) {
                ps.setString(1, "5000");
                ps.setString(2, "eu");
                ps.setString(3, "20000");
                ps.setString(4, "us");
                ps.setInt(5, 1000);
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        plan.append(rs.getString(1)).append('\n');
                    }
                }
            }
            assertFalse(plan.toString().contains("Seq Scan"), plan.toString());
            assertTrue(plan.toString().contains("parted_eu_pkey") && plan.toString().contains("parted_us_pkey"), plan.toString());
        }
    }

    @Test
    void passesWhenNothingViolates() throws Exception {
        GateCheck fine = check("contract[0].add_check", new AddCheck(ITEMS, "items_qty_small", "qty < 1000"));
        try (Connection c = db.connect()) {
            assertTrue(new Gate(700).run(c, new GateRequest(List.of(fine), KEYS, Map.of(), Duration.ofMinutes(1)),
                    (p, cur) -> { }).passed());
        }
    }

    @Test
    void verifyStepsPassOnlyWithTheirExpectedCountAndSayWhatTheyExpected() throws Exception {
        List<GateCheck> checks = List.of(
                check("contract[0].verify", new Verify("SELECT count(*) FROM items WHERE code IS NULL", null, null, 0,
                        "items without a code")),
                check("contract[1].verify", new Verify(null, ITEMS, "qty < 0", 1, null)),
                check("contract[2].verify", new Verify("SELECT count(*), array_agg(id ORDER BY id) FROM items"
                        + " WHERE owner_id IS NULL;", null, null, 1, null)));
        try (Connection c = db.connect()) {
            GateResult result = new Gate(1000).run(c, new GateRequest(checks, KEYS, Map.of(), Duration.ofMinutes(1)),
                    (p, cur) -> { });

            assertFalse(result.passed());
            assertEquals(List.of(false, true, true), result.checks().stream().map(CheckResult::passed).toList());
            assertTrue(result.summary().startsWith("3 items without a code (verify: expected 0); 1 rows of items where"
                    + " qty < 0 (verify: expected 1) (e.g. keys 2000)"), result.summary());
            assertEquals(List.of("43"), result.checks().get(2).sampleKeys(), "a second column, an array, gives samples");
            assertEquals(2500, result.checks().get(1).rowsChecked(), "the table form is counted in chunks");
        }
    }

    @Test
    void aVerifyQueryRunsReadOnlyAndMustReturnOneIntegerCount() throws Exception {
        try (Connection c = db.connect()) {
            for (String[] wrong : new String[][] {
                    {"SELECT code FROM items WHERE id = 1", "it returned a first column of type text"},
                    {"SELECT count(*) FROM items GROUP BY qty", "it returned more than one row"},
                    {"SELECT 1::bigint WHERE false", "it returned no row"},
                    {"SELECT NULL::int", "it returned NULL"},
                    {"SELECT count(*), 2 FROM items", "it returned 2 columns"}}) {
                GateCheck check = check("contract[4].verify", new Verify(wrong[0], null, null, 0, null));
                java.sql.SQLException e = org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class,
                        () -> new Gate(1000).run(c, new GateRequest(List.of(check), KEYS, Map.of(), Duration.ofMinutes(1)),
                                (p, cur) -> { }));
                assertTrue(e.getMessage().startsWith("contract[4].verify: the query must return one row")
                        && e.getMessage().contains(wrong[1]), e.getMessage());
                assertTrue(c.getAutoCommit(), "the connection is left as it was");
            }
            db.execute("CREATE SEQUENCE items_seq_for_gate");
            GateCheck writing = check("contract[5].verify", new Verify("SELECT count(*) FROM items"
                    + " WHERE nextval('items_seq_for_gate') > 0", null, null, 0, null));
            java.sql.SQLException e = org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class,
                    () -> new Gate(1000).run(c, new GateRequest(List.of(writing), KEYS, Map.of(), Duration.ofMinutes(1)),
                            (p, cur) -> { }));
            assertEquals("25006", e.getSQLState(), "read-only transaction: " + e.getMessage());
            assertTrue(e.getMessage().startsWith("contract[5].verify: "), e.getMessage());
        }
    }
}
