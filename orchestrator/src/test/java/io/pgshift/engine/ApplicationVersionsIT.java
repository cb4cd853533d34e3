package io.pgshift.engine;

import static io.pgshift.engine.EngineFixture.assertExitCode;
import static io.pgshift.engine.EngineFixture.audited;
import static io.pgshift.engine.EngineFixture.cli;
import static io.pgshift.engine.EngineFixture.runId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.cli.Cli;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A change deployed around a running application whose two versions overlap: the old one never
 * names the new columns (INSERTs that omit them, UPDATEs of other columns), the new one writes
 * them. Both write through the whole apply on real connections; not one statement of either may
 * fail, whatever contract tightens (NOT NULL, CHECK, FOREIGN KEY, UNIQUE, DEFAULT). The sync
 * trigger is the old version's safety net: contract retains it, cleanup drops it only once it
 * has filled nothing for its quiet period, and a hold before contract waits for the deploy.
 */
@ExtendWith(PgDatabaseExtension.class)
class ApplicationVersionsIT {
    private static final int ROWS = 3000;
    private static final String EXPECTED_CURRENCY = "CASE WHEN country = 'US' THEN 'USD' ELSE 'EUR' END";
    private static TestDatabase db;
    @TempDir
    static Path tmp;

    @BeforeAll
    static void createShop(TestDatabase database) {
        db = database;
        db.execute("CREATE TABLE currencies (code text PRIMARY KEY); INSERT INTO currencies VALUES ('EUR'), ('USD')");
    }

    @Test
    void everyContractOperationLeavesBothVersionsWritingAndTheTriggerUntilWritersStop() throws Exception {
        createOrders("orders");
        Path playbook = EngineFixture.write(tmp, "orders.yaml", playbook("orders-currency", "orders", false));
        AppWriter old = AppWriter.start(db, "old", 2, oldVersion("orders"));
        AppWriter neu = null;
        try {
            old.awaitWrites(20);
            CompletableFuture<Cli.Result> apply = CompletableFuture.supplyAsync(() -> EngineFixture.apply(db, playbook));
            // the new version rolls out once expand added its columns; the old one keeps running
            EngineFixture.waitFor(db, "SELECT count(*) = 2 FROM pg_attribute WHERE attrelid = 'orders'::regclass"
                    + " AND attname IN ('currency_code', 'order_ref')", Duration.ofSeconds(60));
            neu = AppWriter.start(db, "new", 2, newVersion("orders"));
            Cli.Result result = apply.get();
            assertExitCode(0, result);
            long runId = runId(db, "orders-currency");
            old.awaitWrites(50);
            neu.awaitWrites(50);

            assertEquals(List.of(), old.errors(), "the old version's writes never failed");
            assertEquals(List.of(), neu.errors(), "the new version's writes never failed");
            assertTightened("orders");
            assertTrue(result.out().contains("sync trigger pgshift_sync_orders_currency_code_order_ref on orders RETAINED"),
                    result.out());
            assertTrue(result.out().contains("writers still omit orders.currency_code, orders.order_ref"), result.out());
            assertEquals("RETAINED", db.queryValue("SELECT state FROM pgshift.sync_trigger WHERE run_id = " + runId));
            assertEquals(1, audited(db, runId, "SYNC_TRIGGER_RETAINED"));

            Cli.Result status = cli(db, "status", String.valueOf(runId));
            assertExitCode(0, status);
            assertTrue(status.out().contains("rows filled by the trigger in the last"), status.out());

            // while the old version writes, cleanup refuses with the numbers and drops nothing
            Cli.Result refused = cli(db, "cleanup", String.valueOf(runId));
            assertExitCode(7, refused);
            assertTrue(refused.firstErrorLine().contains("writers still omit orders.currency_code"), refused.err());
            assertEquals(1, triggers("orders"));

            old.close();
            assertEquals(List.of(), old.errors());
            // the quiet period (2s) passes with only the new version writing
            Thread.sleep(3500); // the clock keeps whole seconds: 2s + up to 1s
            Cli.Result cleaned = cli(db, "cleanup", String.valueOf(runId));
            assertExitCode(0, cleaned);
            assertTrue(cleaned.out().contains("dropped 1 sync trigger"), cleaned.out());
            assertEquals(0, triggers("orders"));
            assertEquals(0, db.queryLong("SELECT count(*) FROM pg_proc WHERE proname LIKE 'pgshift_sync_orders%'"));
            assertEquals(0, db.queryLong("SELECT count(*) FROM pg_class WHERE relname LIKE 'pgshift_fills_orders%'"));
            assertEquals("DROPPED", db.queryValue("SELECT state FROM pgshift.sync_trigger WHERE run_id = " + runId));
            assertEquals(1, audited(db, runId, "SYNC_TRIGGER_DROPPED"));
            neu.awaitWrites(50);
            assertEquals(List.of(), neu.errors(), "the new version writes on once the trigger is gone");
            assertDataExact("orders");
        } finally {
            old.close();
            if (neu != null) {
                neu.close();
            }
        }
    }

    @Test
    void aHeldRunWaitsForTheDeployAndCompleteRefusesWhileTheOldVersionStillWrites() throws Exception {
        createOrders("invoices");
        Path playbook = EngineFixture.write(tmp, "invoices.yaml", playbook("invoices-currency", "invoices", true));
        AppWriter old = AppWriter.start(db, "old", 2, oldVersion("invoices"));
        AppWriter neu = null;
        try {
            old.awaitWrites(20);
            Cli.Result held = EngineFixture.apply(db, playbook);
            assertExitCode(15, held);
            long runId = runId(db, "invoices-currency");
            assertEquals("AWAITING_CONTRACT", EngineFixture.state(db, runId));
            assertTrue(held.out().contains("pgshift complete " + runId), held.out());
            assertEquals(1, audited(db, runId, "AWAITING_CONTRACT"));
            assertEquals(0, db.queryLong("SELECT count(*) FROM pgshift.step WHERE run_id = " + runId
                    + " AND phase = 'CONTRACT' AND kind <> 'GATE' AND state <> 'PENDING'"), "nothing is tightened yet");

            Cli.Result again = EngineFixture.apply(db, playbook);
            assertExitCode(15, again);

            neu = AppWriter.start(db, "new", 2, newVersion("invoices"));
            neu.awaitWrites(20);
            Cli.Result refused = cli(db, "complete", String.valueOf(runId));
            assertExitCode(7, refused);
            assertTrue(refused.firstErrorLine().contains("stays held before contract"), refused.err());
            assertTrue(refused.firstErrorLine().contains("writers still omit invoices.currency_code"), refused.err());
            assertEquals("AWAITING_CONTRACT", EngineFixture.state(db, runId));

            old.close();
            Thread.sleep(3500); // the clock keeps whole seconds: 2s + up to 1s
            Cli.Result completed = cli(db, "complete", String.valueOf(runId));
            assertExitCode(0, completed);
            assertEquals("SUCCEEDED", EngineFixture.state(db, runId));
            assertEquals(1, audited(db, runId, "HOLD_RELEASED"));
            neu.awaitWrites(50);
            assertEquals(List.of(), old.errors(), "the old version's writes never failed");
            assertEquals(List.of(), neu.errors(), "the new version's writes never failed");
            assertTightened("invoices");
            assertDataExact("invoices");
        } finally {
            old.close();
            if (neu != null) {
                neu.close();
            }
        }
    }

    @Test
    void completeForcedWhileTheOldVersionWritesStillBreaksNothing() throws Exception {
        createOrders("carts");
        Path playbook = EngineFixture.write(tmp, "carts.yaml", playbook("carts-currency", "carts", false));
        AppWriter old = AppWriter.start(db, "old", 2, oldVersion("carts"));
        try {
            old.awaitWrites(20);
            Cli.Result held = cli(db, "apply", playbook.toString(), "--hold-before-contract", "--actor", "engine-test");
            assertExitCode(15, held);
            long runId = runId(db, "carts-currency");
            Cli.Result forced = cli(db, "complete", String.valueOf(runId), "--force");
            assertExitCode(0, forced);
            assertTrue(forced.out().contains("forced past sync trigger"), forced.out());
            assertEquals(true, db.queryValue("SELECT (details->>'forced')::boolean FROM pgshift.audit_log WHERE run_id = "
                    + runId + " AND action = 'HOLD_RELEASED'"));
            old.awaitWrites(50);
            assertEquals(List.of(), old.errors(), "the retained trigger keeps the old version's inserts working");
            assertTightened("carts");
            assertEquals(1, triggers("carts"), "contract never drops the trigger");
        } finally {
            old.close();
        }
    }

    private static void createOrders(String table) {
        db.execute("CREATE TABLE " + table + " (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
                + " amount numeric NOT NULL, country text NOT NULL);"
                + "INSERT INTO " + table + " (amount, country) SELECT g, CASE WHEN g % 3 = 0 THEN 'US' ELSE 'DE' END"
                + " FROM generate_series(1, " + ROWS + ") g; ANALYZE " + table);
    }

    /**
     * Fills currency_code from the country and order_ref from the key, kept in sync, then every
     * contract operation: NOT NULL, a CHECK and a FOREIGN KEY on currency_code, a UNIQUE on
     * order_ref, and a DEFAULT on a column nobody backfills. No set_default on the tightened
     * column: the old version's inserts rely on the trigger alone.
     */
    private static String playbook(String name, String table, boolean hold) {
        return "name: " + name + "\n"
                + "settings:\n"
                + "  lock_timeout: 500ms\n"
                + "  lock_retries: {max_attempts: 100, initial_backoff: 50ms, max_backoff: 500ms}\n"
                + "  sync_quiet_period: 2s\n"
                + (hold ? "  hold_before_contract: true\n" : "")
                + "expand:\n"
                + "  - add_column: {table: " + table + ", column: currency_code, type: text}\n"
                + "  - add_column: {table: " + table + ", column: order_ref, type: text}\n"
                + "  - add_column: {table: " + table + ", column: priority, type: integer}\n"
                + "backfill:\n"
                + "  - table: " + table + "\n"
                + "    set:\n"
                + "      currency_code: \"" + EXPECTED_CURRENCY + "\"\n"
                + "      order_ref: \"'ref-' || id\"\n"
                + "    keep_in_sync: true\n"
                + "    batch: {size: 500}\n"
                + "contract:\n"
                + "  - set_not_null: {table: " + table + ", column: currency_code}\n"
                + "  - add_check: {table: " + table + ", name: " + table + "_currency_code_iso, check: \"length(currency_code) = 3\"}\n"
                + "  - add_foreign_key: {table: " + table + ", columns: [currency_code], references: {table: currencies,"
                + " columns: [code]}}\n"
                + "  - add_unique: {table: " + table + ", columns: [order_ref]}\n"
                + "  - set_default: {table: " + table + ", column: priority, default: \"0\"}\n";
    }

    /** The version before the change: INSERTs and UPDATEs that never name the new columns. */
    private static List<AppWriter.Write> oldVersion(String table) {
        return List.of(
                (c, random) -> {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (amount, country) VALUES (?, ?)")) {
                        ps.setInt(1, random.nextInt(1000));
                        ps.setString(2, random.nextBoolean() ? "US" : "FR");
                        ps.executeUpdate();
                    }
                },
                (c, random) -> {
                    try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET amount = amount + 1,"
                            + " country = ? WHERE id = ?")) {
                        ps.setString(1, random.nextBoolean() ? "US" : "IT");
                        ps.setLong(2, 1 + random.nextInt(ROWS));
                        ps.executeUpdate();
                    }
                });
    }

    /** The version after the change: it writes the new columns itself, with the same meaning. */
    private static List<AppWriter.Write> newVersion(String table) {
        return List.of(
                (c, random) -> {
                    String country = random.nextBoolean() ? "US" : "ES";
                    // it takes its key first, to write order_ref as the backfill computes it
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table
                            + " (id, amount, country, currency_code, order_ref) SELECT n, ?, ?, ?, 'ref-' || n"
                            + " FROM nextval(pg_get_serial_sequence('" + table + "', 'id')) n")) {
                        ps.setInt(1, random.nextInt(1000));
                        ps.setString(2, country);
                        ps.setString(3, "US".equals(country) ? "USD" : "EUR");
                        ps.executeUpdate();
                    }
                },
                (c, random) -> {
                    String country = random.nextBoolean() ? "US" : "PT";
                    try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET country = ?, currency_code = ?"
                            + " WHERE id = ?")) {
                        ps.setString(1, country);
                        ps.setString(2, "US".equals(country) ? "USD" : "EUR");
                        ps.setLong(3, 1 + random.nextInt(ROWS));
                        ps.executeUpdate();
                    }
                });
    }

    private static void assertTightened(String table) {
        assertEquals(true, db.queryValue("SELECT attnotnull FROM pg_attribute WHERE attrelid = '" + table
                + "'::regclass AND attname = 'currency_code'"));
        assertEquals(0, db.queryLong("SELECT count(*) FROM pg_constraint WHERE conrelid = '" + table
                + "'::regclass AND NOT convalidated"), "every constraint is validated");
        assertEquals(3, db.queryLong("SELECT count(*) FROM pg_constraint WHERE conrelid = '" + table
                + "'::regclass AND contype IN ('c', 'f', 'u')"), "check, foreign key and unique");
        assertEquals(0, db.queryLong("SELECT count(*) FROM pg_index WHERE indrelid = '" + table
                + "'::regclass AND NOT indisvalid"), "no invalid index");
        assertEquals("0", db.queryValue("SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef WHERE adrelid = '" + table
                + "'::regclass AND adnum = (SELECT attnum FROM pg_attribute WHERE attrelid = '" + table
                + "'::regclass AND attname = 'priority')"));
    }

    /** Every row, whichever version wrote it and when, holds the value its country gives. */
    private static void assertDataExact(String table) {
        assertEquals(0, db.queryLong("SELECT count(*) FROM " + table + " WHERE currency_code IS DISTINCT FROM "
                + EXPECTED_CURRENCY), "currency_code follows the country in every row");
        assertEquals(0, db.queryLong("SELECT count(*) FROM " + table + " WHERE order_ref IS NULL"));
    }

    private static long triggers(String table) {
        return db.queryLong("SELECT count(*) FROM pg_trigger WHERE tgrelid = '" + table
                + "'::regclass AND tgname LIKE 'pgshift_sync%'");
    }
}
