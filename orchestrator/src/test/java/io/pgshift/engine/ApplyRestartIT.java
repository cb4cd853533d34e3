package io.pgshift.engine;

import static io.pgshift.engine.EngineFixture.assertExitCode;
import static io.pgshift.engine.EngineFixture.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pgshift.cli.Cli;
import io.pgshift.gate.SlowGate;
import io.pgshift.testing.LocalServer;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database server restarts in the middle of {@code pgshift apply}, in its backfill, inside its
 * gate, or while an expand or a contract step waits for its lock: the partitions retry and
 * reconnect, the driver job fires again (the gate counts on from its saved cursors, a DDL step
 * runs again behind its guard), the progress watcher waits for the database, and the same apply
 * finishes the run with exact data. A {@code pgshift rollback} whose drop waits for its lock
 * rides a restart out the same way.
 */
@ExtendWith(PgDatabaseExtension.class)
class ApplyRestartIT {
    private static final int ROWS = 20_000;
    @TempDir
    Path tmp;

    @Test
    void applyRidesOutADatabaseRestart(TestDatabase db) throws Exception {
        EngineFixture.createUsersLike(db, "restarted", ROWS);
        Path file = EngineFixture.write(tmp, "restarted.yaml", EngineFixture.preferencesPlaybook("restarted", "restarted", 500, 50));
        CompletableFuture<Cli.Result> apply = CompletableFuture.supplyAsync(() -> EngineFixture.apply(db, file));
        EngineFixture.waitFor(db, "SELECT coalesce(sum(p.rows_scanned), 0) > 2000 FROM pgshift.backfill_partition p"
                + " JOIN pgshift.backfill b ON b.id = p.backfill_id WHERE b.run_id = " + run("restarted"), Duration.ofSeconds(60));

        LocalServer.restart();

        Cli.Result result = apply.get(120, TimeUnit.SECONDS);
        assertExitCode(0, result);
        assertEquals("SUCCEEDED", EngineFixture.state(db, EngineFixture.runId(db, "restarted")));
        assertEquals(0, db.queryLong("SELECT count(*) FROM restarted WHERE preferences IS DISTINCT FROM"
                + " jsonb_build_object('theme', coalesce(theme, 'light'))"));
    }

    /** {@code crash}: {@code restart -m immediate}, no shutdown checkpoint; the gate's saved cursors were committed synchronously. */
    @ParameterizedTest(name = "crash: {0}")
    @ValueSource(booleans = {false, true})
    void applyRidesOutADatabaseRestartInsideTheGate(boolean crash, TestDatabase db) throws Exception {
        String table = crash ? "gated_crash" : "gated";
        String name = table.replace('_', '-'); // a playbook's name takes no underscore
        EngineFixture.createUsersLike(db, table, ROWS);
        Path file = EngineFixture.write(tmp, table + ".yaml", EngineFixture.preferencesPlaybook(name, table, 500, 50)
                + SlowGate.verifyStep(db, table));
        CompletableFuture<Cli.Result> apply = CompletableFuture.supplyAsync(() -> EngineFixture.apply(db, file));
        EngineFixture.waitFor(db, "SELECT state = 'VERIFYING' AND gate_report -> 'cursors' <> '{}'::jsonb FROM pgshift.run"
                + " WHERE id = " + run(name), Duration.ofSeconds(60));

        if (crash) {
            LocalServer.crash();
        } else {
            LocalServer.restart();
        }

        Cli.Result result = apply.get(120, TimeUnit.SECONDS);
        assertExitCode(0, result);
        long runId = EngineFixture.runId(db, name);
        assertEquals("SUCCEEDED", EngineFixture.state(db, runId));
        assertEquals(0, EngineFixture.wrongPreferences(db, table));
        assertEquals(1, db.queryLong("SELECT count(*) FROM pg_attribute WHERE attrelid = '" + table + "'::regclass"
                + " AND attname = 'preferences' AND attnotnull"), "the constraint the gate let through is there");
        assertEquals(0, db.queryLong("SELECT count(*) FROM pg_constraint WHERE conrelid = '" + table + "'::regclass AND NOT convalidated"),
                "nothing left NOT VALID");
    }

    /** {@code crash}: {@code restart -m immediate}: what the server had not flushed is lost with it. */
    @ParameterizedTest(name = "crash: {0}")
    @ValueSource(booleans = {false, true})
    void applyRidesOutADatabaseRestartWhileAContractStepWaitsForItsLock(boolean crash, TestDatabase db) throws Exception {
        String table = crash ? "contracted_crash" : "contracted";
        String name = table.replace('_', '-');
        EngineFixture.createUsersLike(db, table, ROWS);
        Path file = EngineFixture.write(tmp, table + ".yaml", EngineFixture.preferencesPlaybook(name, table, 500, 50));
        CompletableFuture<Cli.Result> apply = CompletableFuture.supplyAsync(() -> EngineFixture.apply(db, file));
        try (Connection reader = db.connect()) {
            // once expand's DDL is done, an application's reader leaves its transaction open: the
            // contract's ALTER TABLE (ACCESS EXCLUSIVE) is not requested behind it, attempt after attempt
            EngineFixture.waitFor(db, "SELECT state IN ('BACKFILLING', 'VERIFYING') FROM pgshift.run WHERE id = " + run(name),
                    Duration.ofSeconds(60));
            EngineFixture.holdOpen(reader, table);
            EngineFixture.awaitRetried(db, name, "CONTRACTING", "contract");

            restartOrCrash(crash); // the reader's session goes with it
        }

        Cli.Result result = apply.get(120, TimeUnit.SECONDS);
        assertExitCode(0, result);
        assertEquals("SUCCEEDED", EngineFixture.state(db, EngineFixture.runId(db, name)));
        assertEquals(0, EngineFixture.wrongPreferences(db, table));
        assertEquals(1, db.queryLong("SELECT count(*) FROM pg_attribute WHERE attrelid = '" + table + "'::regclass"
                + " AND attname = 'preferences' AND attnotnull"), "the contract step finished after the restart");
        assertEquals(0, db.queryLong("SELECT count(*) FROM pg_constraint WHERE conrelid = '" + table + "'::regclass"
                + " AND NOT convalidated"), "nothing left NOT VALID");
    }

    private static void restartOrCrash(boolean crash) throws Exception {
        if (crash) {
            LocalServer.crash();
        } else {
            LocalServer.restart();
        }
    }

    @Test
    void applyRidesOutADatabaseRestartWhileAnExpandStepWaitsForItsLock(TestDatabase db) throws Exception {
        EngineFixture.createUsersLike(db, "expanded", ROWS);
        Path file = EngineFixture.write(tmp, "expanded.yaml", EngineFixture.preferencesPlaybook("expanded", "expanded", 2000, 0));
        CompletableFuture<Cli.Result> apply;
        try (Connection reader = db.connect()) {
            EngineFixture.holdOpen(reader, "expanded"); // expand's ADD COLUMN (ACCESS EXCLUSIVE) is not requested behind it
            apply = CompletableFuture.supplyAsync(() -> EngineFixture.apply(db, file));
            EngineFixture.awaitRetried(db, "expanded", "EXPANDING", "expand");

            LocalServer.restart(); // the reader's session goes with it
        }

        Cli.Result result = apply.get(120, TimeUnit.SECONDS);
        assertExitCode(0, result);
        assertEquals("SUCCEEDED", EngineFixture.state(db, EngineFixture.runId(db, "expanded")));
        assertEquals(0, EngineFixture.wrongPreferences(db, "expanded"), "the column added after the restart, and filled");
    }

    @ParameterizedTest(name = "crash: {0}")
    @ValueSource(booleans = {false, true})
    void rollbackRidesOutADatabaseRestartWhileItsDropWaitsForItsLock(boolean crash, TestDatabase db) throws Exception {
        String table = crash ? "unrolled_crash" : "unrolled";
        String name = table.replace('_', '-');
        EngineFixture.createUsersLike(db, table, 2000);
        Path file = EngineFixture.write(tmp, table + ".yaml", "name: " + name + "\n"
                + "settings:\n  lock_timeout: 100ms\n  lock_retries: {max_attempts: 1000, initial_backoff: 50ms, max_backoff: 100ms}\n"
                + "expand:\n  - create_index: {table: " + table + ", columns: [theme]}\n");
        assertExitCode(0, EngineFixture.apply(db, file));
        long runId = EngineFixture.runId(db, name);
        CompletableFuture<Cli.Result> rollback;
        try (Connection reader = db.connect()) {
            reader.setAutoCommit(false);
            try (Statement s = reader.createStatement()) {
                s.executeQuery("SELECT count(*) FROM " + table).close(); // the index's drop waits behind it, retrying
            }
            rollback = CompletableFuture.supplyAsync(() -> EngineFixture.cli(db, "rollback", Long.toString(runId)));
            EngineFixture.waitFor(db, "SELECT count(*) > 0 FROM pgshift.audit_log WHERE run_id = " + runId
                    + " AND action = 'STATEMENT_RETRIED'", Duration.ofSeconds(60));

            restartOrCrash(crash); // the reader's session goes with it
        }

        Cli.Result result = rollback.get(120, TimeUnit.SECONDS);
        assertExitCode(0, result);
        assertEquals("ROLLED_BACK", EngineFixture.state(db, runId));
        assertEquals(0, db.queryLong("SELECT count(*) FROM pg_indexes WHERE tablename = '" + table + "' AND indexname <> '" + table + "_pkey'"),
                "the run's index is gone");
        assertEquals(0, db.queryLong("SELECT count(*) FROM pg_index WHERE NOT indisvalid"));
    }
}
