package io.pgshift.engine;

import static io.pgshift.engine.EngineFixture.apply;
import static io.pgshift.engine.EngineFixture.assertExitCode;
import static io.pgshift.engine.EngineFixture.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.cli.Cli;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * No run is stranded: a rollback that gives up behind a lock holder ends FAILED in phase
 * ROLLING_BACK (its tables still claimed), refuses resume and cancel with what to do instead, and
 * finishes when rolled back again; a run that stopped in contract cannot be cancelled.
 */
@ExtendWith(PgDatabaseExtension.class)
class StrandedRunsIT {
    @TempDir
    Path tmp;

    @Test
    void aRollbackThatGivesUpCanBeRolledBackAgainOnceTheHolderIsGone(TestDatabase db) throws Exception {
        EngineFixture.createUsersLike(db, "sr_users", 2000);
        Path file = EngineFixture.write(tmp, "sr.yaml", "name: sr-index\n"
                + "settings:\n  lock_timeout: 100ms\n  lock_retries: {max_attempts: 2, initial_backoff: 50ms, max_backoff: 50ms}\n"
                + "expand:\n  - create_index: {table: sr_users, columns: [theme]}\n"
                + "contract:\n  - add_check: {table: sr_users, name: sr_users_name, check: \"name <> ''\"}\n");
        assertExitCode(0, apply(db, file));
        long runId = EngineFixture.runId(db, "sr-index");

        Cli.Result stopped;
        try (Connection holder = db.connect(); Statement s = holder.createStatement()) {
            holder.setAutoCommit(false);
            s.execute("SELECT count(*) FROM sr_users"); // holds ACCESS SHARE, idle in transaction
            stopped = cli(db, "rollback", Long.toString(runId), "--actor", "engine-test");
            assertTrue(stopped.exitCode() != 0, stopped.out() + stopped.err());
            assertEquals("FAILED|ROLLING_BACK", db.queryValue("SELECT state || '|' || phase FROM pgshift.run WHERE id = "
                    + runId));
            String error = (String) db.queryValue("SELECT error FROM pgshift.run WHERE id = " + runId);
            assertTrue(error.contains("pgshift rollback " + runId + " again"), error);
            assertEquals(1, db.queryLong("SELECT count(*) FROM pgshift.run_table WHERE run_id = " + runId + " AND active"),
                    "the run keeps its table");

            Cli.Result resume = cli(db, "resume", Long.toString(runId));
            assertExitCode(7, resume);
            assertTrue(resume.firstErrorLine().contains("pgshift rollback " + runId), resume.err());
            Cli.Result cancel = cli(db, "cancel", Long.toString(runId));
            assertExitCode(7, cancel);
            assertTrue(cancel.firstErrorLine().contains("cannot be cancelled"), cancel.err());
            holder.rollback();
        }
        Cli.Result again = cli(db, "rollback", Long.toString(runId), "--actor", "engine-test");
        assertExitCode(0, again);
        assertEquals("ROLLED_BACK", EngineFixture.state(db, runId));
        assertNull(db.queryValue("SELECT to_regclass('sr_users_theme_idx')"), "the index is gone");
        assertEquals(0, db.queryLong("SELECT count(*) FROM pg_constraint WHERE conname = 'sr_users_name'"));
    }

    @Test
    void aRollbackKilledWithKillNineIsFinishedByAskingAgain(TestDatabase db) throws Exception {
        EngineFixture.createUsersLike(db, "sr_killed", 2000);
        Path file = EngineFixture.write(tmp, "srk.yaml", "name: sr-killed\n"
                + "settings:\n  lock_timeout: 100ms\n  lock_retries: {max_attempts: 1000, initial_backoff: 50ms,"
                + " max_backoff: 100ms}\n"
                + "expand:\n  - create_index: {table: sr_killed, columns: [theme]}\n");
        assertExitCode(0, apply(db, file));
        long runId = EngineFixture.runId(db, "sr-killed");
        try (Connection holder = db.connect(); Statement s = holder.createStatement()) {
            holder.setAutoCommit(false);
            s.execute("SELECT count(*) FROM sr_killed"); // the index's drop waits behind it, retrying
            try (ApplyProcess rollback = ApplyProcess.command(db, List.of("rollback", Long.toString(runId)))) {
                EngineFixture.waitFor(db, "SELECT count(*) > 0 FROM pgshift.audit_log WHERE run_id = " + runId
                        + " AND action = 'STATEMENT_RETRIED'", java.time.Duration.ofSeconds(60));
                rollback.kill();
            }
            assertEquals("ROLLING_BACK", EngineFixture.state(db, runId), "killed mid-rollback");
            holder.rollback();
        }
        Cli.Result again = cli(db, "rollback", Long.toString(runId), "--actor", "engine-test");
        assertExitCode(0, again);
        assertEquals("ROLLED_BACK", EngineFixture.state(db, runId));
        assertNull(db.queryValue("SELECT to_regclass('sr_killed_theme_idx')"), "the index is gone");
        assertEquals(0, db.queryLong("SELECT count(*) FROM pg_index WHERE NOT indisvalid"));
    }

    @Test
    void aRunPausedInContractCannotBeCancelled(TestDatabase db) throws Exception {
        EngineFixture.createUsersLike(db, "sr_paused", 2000);
        Path file = EngineFixture.write(tmp, "srp.yaml", "name: sr-paused\n"
                + "settings:\n  lock_timeout: 100ms\n  lock_retries: {max_attempts: 2, initial_backoff: 50ms, max_backoff: 50ms}\n"
                + "contract:\n  - add_check: {table: sr_paused, name: sr_paused_name, check: \"name <> ''\"}\n");
        try (Connection holder = db.connect(); Statement s = holder.createStatement()) {
            holder.setAutoCommit(false);
            s.execute("SELECT count(*) FROM sr_paused");
            assertExitCode(8, apply(db, file)); // the check's lock is never granted: the run fails in contract
            holder.rollback();
        }
        long runId = EngineFixture.runId(db, "sr-paused");
        assertEquals("FAILED|CONTRACTING", db.queryValue("SELECT state || '|' || phase FROM pgshift.run WHERE id = " + runId));
        Cli.Result cancel = cli(db, "cancel", Long.toString(runId));
        assertExitCode(7, cancel);
        assertTrue(cancel.firstErrorLine().contains("once contract has started"), cancel.err());
        assertEquals("FAILED", EngineFixture.state(db, runId));
        assertExitCode(0, apply(db, file));
        assertEquals("SUCCEEDED", EngineFixture.state(db, runId), "resumed, it finishes");
    }
}
