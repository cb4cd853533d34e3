package io.pgshift.engine;

import static io.pgshift.engine.EngineFixture.apply;
import static io.pgshift.engine.EngineFixture.assertExitCode;
import static io.pgshift.engine.EngineFixture.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.cli.Cli;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A partitioned table (two partitions and a sub-partitioned one of two) changed while the old
 * application writes through its parent: an index and a unique constraint built partition by
 * partition and attached, a new column backfilled and kept in sync, then NOT NULL, a check and a
 * foreign key validated partition by partition before the parent takes them. Not one of the
 * application's statements fails; applied again every step is found present; rollback with
 * --drop-data leaves the catalog exactly as before.
 */
@ExtendWith(PgDatabaseExtension.class)
class PartitionedTablesIT {
    private static final int ROWS = 6000;
    /** The table and every partition, at every level. */
    private static final String TREE = tree("pt");

    @TempDir
    Path tmp;

    @Test
    void everyOperationGoesPartitionByPartitionWhileTheOldApplicationWrites(TestDatabase db) throws Exception {
        createOrders(db, "pt");
        String before = catalog(db);
        String steps = "expand:\n"
                + "  - add_column: {table: pt_orders, column: code, type: text}\n"
                + "  - create_index: {table: pt_orders, columns: [account_id]}\n"
                + "backfill:\n"
                + "  - table: pt_orders\n"
                + "    set: {code: \"'c-' || id\"}\n"
                + "    keep_in_sync: true\n"
                + "    batch: {size: 500}\n"
                + "contract:\n"
                + "  - set_not_null: {table: pt_orders, column: code}\n"
                + "  - add_unique: {table: pt_orders, columns: [region, id, code]}\n"
                + "  - add_check: {table: pt_orders, name: pt_orders_amount_positive, check: \"amount >= 0\"}\n"
                + "  - add_foreign_key: {table: pt_orders, columns: [account_id], references: {table: pt_accounts, columns: [id]}}\n";
        Path playbook = EngineFixture.write(tmp, "pt.yaml", EngineFixture.patientPlaybook("pt-orders") + steps);
        try (AppWriter old = AppWriter.start(db, "old", 2, oldApplication())) {
            old.awaitWrites(20);
            Path withoutSubKey = EngineFixture.write(tmp, "pt-refused.yaml", EngineFixture.patientPlaybook("pt-refused")
                    + "contract:\n  - add_unique: {table: pt_orders, columns: [region, label]}\n");
            Cli.Result refused = cli(db, "plan", withoutSubKey.toString());
            assertNotEquals(0, refused.exitCode());
            assertTrue(refused.err().contains("a unique index on partitioned table \"pt_orders_apac\" must include its partition"
                    + " key RANGE (id): \"id\" missing"), refused.err());

            Cli.Result plan = cli(db, "plan", playbook.toString());
            assertExitCode(0, plan);
            assertTrue(plan.out().contains("ATTACH PARTITION \"public\".\"pt_orders_apac_low_account_id_idx\""), plan.out());

            assertExitCode(0, apply(db, playbook));
            long runId = EngineFixture.runId(db, "pt-orders");
            assertEquals("SUCCEEDED", EngineFixture.state(db, runId));
            old.awaitWrites(20);

            assertEquals(0, db.queryLong("SELECT count(*) FROM pg_index WHERE indrelid IN " + TREE + " AND NOT indisvalid"),
                    "every index of every partition is valid");
            for (String index : List.of("pt_orders_account_id_idx", "pt_orders_region_id_code_key")) {
                assertEquals(3, db.queryLong("SELECT count(*) FROM pg_inherits WHERE inhparent = '" + index + "'::regclass"),
                        index + " has an index of each partition attached");
                assertEquals(4, db.queryLong("SELECT count(*) FROM pg_partition_tree('" + index + "') WHERE isleaf"),
                        index + " reaches each leaf, through the sub-partitioned one");
                assertEquals(true, db.queryValue("SELECT indisvalid FROM pg_index WHERE indexrelid = '" + index + "'::regclass"));
            }
            assertEquals(0, db.queryLong("SELECT count(*) FROM pg_constraint WHERE conrelid IN " + TREE + " AND NOT convalidated"));
            assertEquals(6, db.queryLong("SELECT count(*) FROM pg_constraint WHERE conrelid IN " + TREE
                    + " AND contype = 'f' AND conname = 'pt_orders_account_id_fkey'"), "the parent's foreign key and each partition's");
            assertEquals(5, db.queryLong("SELECT count(*) FROM pg_constraint WHERE conrelid IN " + TREE
                    + " AND contype = 'f' AND conparentid <> 0"), "each partition's adopted by its parent");
            assertEquals(6, db.queryLong("SELECT count(*) FROM pg_constraint WHERE conrelid IN " + TREE
                    + " AND contype = 'c' AND conname = 'pt_orders_amount_positive' AND (conislocal OR coninhcount = 1)"));
            assertEquals(5, db.queryLong("SELECT count(*) FROM pg_constraint WHERE conrelid IN " + TREE
                    + " AND contype = 'u' AND conparentid <> 0"), "each partition's unique constraint attached");
            assertEquals(6, db.queryLong("SELECT count(*) FROM pg_attribute WHERE attrelid IN " + TREE
                    + " AND attname = 'code' AND attnotnull"));
            assertEquals(0, db.queryLong("SELECT count(*) FROM pg_constraint WHERE conname LIKE '%code_not_null'"),
                    "the temporary checks are gone");
            assertEquals(0, db.queryLong("SELECT count(*) FROM pt_orders WHERE code IS DISTINCT FROM 'c-' || id"),
                    "backfilled, and kept by the trigger for the rows written since");

            Path again = EngineFixture.write(tmp, "pt-again.yaml", EngineFixture.patientPlaybook("pt-orders-again") + steps);
            assertExitCode(0, apply(db, again));
            assertEquals("SKIPPED", db.queryValue("SELECT string_agg(DISTINCT state, ',') FROM pgshift.step WHERE run_id = "
                    + EngineFixture.runId(db, "pt-orders-again") + " AND kind IN ('ADD_COLUMN', 'CREATE_INDEX', 'SET_NOT_NULL',"
                    + " 'ADD_UNIQUE', 'ADD_CHECK', 'ADD_FOREIGN_KEY')"), "applied again, every step is found present");

            assertExitCode(0, cli(db, "rollback", Long.toString(runId), "--drop-data", "--actor", "engine-test"));
            assertEquals("ROLLED_BACK", EngineFixture.state(db, runId));
            assertEquals(before, catalog(db), "rolled back with --drop-data, the catalog is as before");
            old.awaitWrites(20);
            old.close();
            assertEquals(List.of(), old.errors(), "the old application's statements never failed");
            assertTrue(old.writes() > 100, "the application wrote throughout: " + old.writes());
        }
    }

    /**
     * A run that stopped halfway: the parent's index exists ON ONLY, one partition's is built and
     * attached, another's is INVALID (a failed concurrent build). Applying finishes the job: the
     * attached one is kept as it is, the invalid one rebuilt, the missing one built.
     */
    @Test
    void aHalfBuiltPartitionedIndexIsFinishedNotRebuilt(TestDatabase db) throws Exception {
        createOrders(db, "ph");
        db.execute("CREATE INDEX ph_orders_amount_idx ON ONLY ph_orders (amount);"
                + "CREATE INDEX ph_orders_eu_amount_idx ON ph_orders_eu (amount);"
                + "ALTER INDEX ph_orders_amount_idx ATTACH PARTITION ph_orders_eu_amount_idx;"
                + "CREATE INDEX ph_orders_us_amount_idx ON ph_orders_us (amount);"
                + "UPDATE pg_index SET indisvalid = false WHERE indexrelid = 'ph_orders_us_amount_idx'::regclass");
        long eu = db.queryLong("SELECT 'ph_orders_eu_amount_idx'::regclass::oid::bigint");
        long us = db.queryLong("SELECT 'ph_orders_us_amount_idx'::regclass::oid::bigint");
        Path playbook = EngineFixture.write(tmp, "half.yaml", EngineFixture.patientPlaybook("ph-half")
                + "expand:\n  - create_index: {table: ph_orders, columns: [amount]}\n");

        assertExitCode(0, apply(db, playbook));

        assertEquals(true, db.queryValue("SELECT indisvalid FROM pg_index WHERE indexrelid = 'ph_orders_amount_idx'::regclass"));
        assertEquals(4, db.queryLong("SELECT count(*) FROM pg_partition_tree('ph_orders_amount_idx') WHERE isleaf"));
        assertEquals(eu, db.queryLong("SELECT 'ph_orders_eu_amount_idx'::regclass::oid::bigint"), "kept, not rebuilt");
        assertNotEquals(us, db.queryLong("SELECT 'ph_orders_us_amount_idx'::regclass::oid::bigint"), "the invalid one rebuilt");
        assertEquals(0, db.queryLong("SELECT count(*) FROM pg_index WHERE indrelid IN " + tree("ph") + " AND NOT indisvalid"));
    }

    /** Orders by region (LIST), the apac partition itself split by id (RANGE), and the accounts they reference. */
    private static void createOrders(TestDatabase db, String prefix) {
        db.execute(("CREATE TABLE pt_accounts (id bigint PRIMARY KEY);"
                + "INSERT INTO pt_accounts SELECT g FROM generate_series(1, 100) g;"
                + "CREATE SEQUENCE pt_orders_id_seq;"
                + "CREATE TABLE pt_orders (id bigint NOT NULL DEFAULT nextval('pt_orders_id_seq'), region text NOT NULL,"
                + " account_id bigint, amount int, label text, PRIMARY KEY (region, id)) PARTITION BY LIST (region);"
                + "CREATE TABLE pt_orders_eu PARTITION OF pt_orders FOR VALUES IN ('eu');"
                + "CREATE TABLE pt_orders_us PARTITION OF pt_orders FOR VALUES IN ('us');"
                + "CREATE TABLE pt_orders_apac PARTITION OF pt_orders FOR VALUES IN ('apac') PARTITION BY RANGE (id);"
                + "CREATE TABLE pt_orders_apac_low PARTITION OF pt_orders_apac FOR VALUES FROM (MINVALUE) TO (3000);"
                + "CREATE TABLE pt_orders_apac_high PARTITION OF pt_orders_apac FOR VALUES FROM (3000) TO (MAXVALUE);"
                + "INSERT INTO pt_orders (region, account_id, amount, label) SELECT (ARRAY['eu', 'us', 'apac'])[1 + g % 3],"
                + " 1 + g % 100, g % 50, 'label-' || g FROM generate_series(1, " + ROWS + ") g;"
                + "ANALYZE pt_accounts; ANALYZE pt_orders").replace("pt_", prefix + "_"));
    }

    private static String tree(String prefix) {
        return "(SELECT relid FROM pg_partition_tree('" + prefix + "_orders'))";
    }

    /** The old version: inserts and updates through the parent, never naming the new column. */
    private static List<AppWriter.Write> oldApplication() {
        String[] regions = {"eu", "us", "apac"};
        return List.of(
                (c, random) -> {
                    try (PreparedStatement ps = c.prepareStatement(
                            "INSERT INTO pt_orders (region, account_id, amount, label) VALUES (?, ?, ?, 'new')")) {
                        ps.setString(1, regions[random.nextInt(3)]);
                        ps.setLong(2, 1 + random.nextInt(100));
                        ps.setInt(3, random.nextInt(50));
                        ps.executeUpdate();
                    }
                },
                (c, random) -> {
                    try (PreparedStatement ps = c.prepareStatement(
                            "UPDATE pt_orders SET amount = amount + 1, label = 'updated' WHERE region = ? AND id = ?")) {
                        ps.setString(1, regions[random.nextInt(3)]);
                        ps.setLong(2, 1 + random.nextInt(ROWS));
                        ps.executeUpdate();
                    }
                });
    }

    /**
     * Relations, columns, constraints (validated, local), indexes (valid), which index or table is
     * attached to which, triggers, and pgshift's functions, of the case's tables and every partition.
     */
    private static String catalog(TestDatabase db) {
        String ours = "(SELECT oid FROM pg_class WHERE relnamespace = 'public'::regnamespace AND left(relname, 3) = 'pt_')";
        return (String) db.queryValue("SELECT string_agg(line, E'\\n' ORDER BY line) FROM ("
                + "SELECT 'relation ' || relname || ' ' || relkind::text AS line FROM pg_class"
                + "  WHERE oid IN " + ours + " OR (relnamespace = 'public'::regnamespace AND relname LIKE 'pgshift%')"
                + " UNION ALL SELECT 'column ' || attrelid::regclass || '.' || attname || ' ' || format_type(atttypid, atttypmod)"
                + "  || CASE WHEN attnotnull THEN ' not null' ELSE '' END FROM pg_attribute"
                + "  WHERE attrelid IN " + ours + " AND attnum > 0 AND NOT attisdropped"
                + " UNION ALL SELECT 'constraint ' || conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)"
                + "  || ' ' || convalidated || ' ' || conislocal FROM pg_constraint WHERE conrelid IN " + ours
                + " UNION ALL SELECT 'index ' || pg_get_indexdef(indexrelid) || ' ' || indisvalid FROM pg_index"
                + "  WHERE indrelid IN " + ours
                + " UNION ALL SELECT 'inherits ' || inhrelid::regclass || ' ' || inhparent::regclass FROM pg_inherits"
                + "  WHERE inhparent IN (SELECT oid FROM pg_class WHERE left(relname, 3) = 'pt_')"
                + " UNION ALL SELECT 'trigger ' || tgrelid::regclass || ' ' || tgname FROM pg_trigger WHERE NOT tgisinternal"
                + "  AND tgrelid IN " + ours
                + " UNION ALL SELECT 'function ' || proname FROM pg_proc WHERE proname LIKE 'pgshift%'"
                + ") lines");
    }
}
