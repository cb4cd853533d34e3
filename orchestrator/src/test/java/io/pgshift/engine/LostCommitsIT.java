package io.pgshift.engine;

import static io.pgshift.engine.EngineFixture.assertExitCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.cli.Cli;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.StandbyPair;
import io.pgshift.testing.TestDatabase;
import java.nio.file.Files;
import java.sql.Connection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failover that loses the target's last commits, with the run's state in a separate database
 * (which is not failed over). Asynchronous replication loses whatever the standby had not received:
 * here everything since the run started, its expand step's ADD COLUMN and the first batches with
 * their checkpoints. The state database still says the expand step SUCCEEDED. The run must find
 * out, run the lost step again on the promoted server and finish there with exact data; before,
 * it went on as if the column were there, and the backfill failed on it (42703).
 */
@ExtendWith(PgDatabaseExtension.class)
class LostCommitsIT {
    private static final int ROWS = 20_000;
    @TempDir
    Path tmp;

    @Test
    void aStepTheFailoverLostRunsAgainOnThePromotedServer(TestDatabase state) throws Exception {
        try (StandbyPair pair = StandbyPair.start()) {
            TestDatabase cluster = pair.cluster();
            EngineFixture.createUsersLike(cluster, "warmup", 100);
            EngineFixture.createUsersLike(cluster, "lost", ROWS);
            // a first run gives the target pgshift's own tables, replicated before the standby is cut off
            assertExitCode(0, apply(cluster, state, EngineFixture.write(tmp, "warmup.yaml",
                    EngineFixture.preferencesPlaybook("warmup", "warmup", 500, 0))));
            assertEquals(5, cluster.queryLong("SELECT count(*) FROM pgshift.step_landmark"),
                    "each of its five steps left its landmark in the target");
            pair.awaitCaughtUp();
            pair.detachStandby();

            Path file = EngineFixture.write(tmp, "lost.yaml", EngineFixture.preferencesPlaybook("lost", "lost", 500, 50));
            CompletableFuture<Cli.Result> apply = CompletableFuture.supplyAsync(() -> apply(cluster, state, file));
            pair.primary().waitFor("SELECT coalesce(sum(p.rows_scanned), 0) > 2000 FROM pgshift.backfill_partition p"
                    + " JOIN pgshift.backfill b ON b.id = p.backfill_id"
                    + " WHERE b.name LIKE 'lost:%'", Duration.ofSeconds(60));
            pair.crashPrimary();
            pair.promoteStandby();
            assertEquals(0, pair.standby().queryLong("SELECT count(*) FROM pg_attribute WHERE attrelid = 'lost'::regclass"
                    + " AND attname = 'preferences'"), "the promoted server never received the expand step");

            Cli.Result result = EngineFixture.awaitApply(apply, state, 180);
            assertExitCode(0, result);
            TestDatabase promoted = pair.standby();
            String lost = assertFinishedOnPromoted(promoted, state, "lost");
            assertTrue(lost.contains("1 expand[0].add_column") && lost.contains("\"to\": \"EXPANDING\""),
                    "the loss is in the audit log: " + lost);
        }
    }

    /**
     * The failover comes after the run succeeded: the state database says SUCCEEDED of every step,
     * the promoted server has none of them. {@code status DIR} says so, and applying the playbook
     * again (a deploy pipeline run once more after the failover) runs them again; before, it was
     * "already applied" and the new application version found no column. Two deploys at once both
     * find the loss; one moves the run back, the other carries it on (before, it failed on the
     * step the first had moved).
     */
    @Test
    void aSucceededRunWhoseStepsTheFailoverLostIsAppliedAgain(TestDatabase state) throws Exception {
        try (StandbyPair pair = StandbyPair.start()) {
            TestDatabase cluster = pair.cluster();
            EngineFixture.createUsersLike(cluster, "earlier", 100);
            EngineFixture.createUsersLike(cluster, "gone", 2_000);
            Path dir = Files.createDirectory(tmp.resolve("playbooks"));
            EngineFixture.write(dir, "001-earlier.yaml", EngineFixture.preferencesPlaybook("earlier", "earlier", 500, 0));
            Path gone = EngineFixture.write(dir, "002-gone.yaml", EngineFixture.preferencesPlaybook("gone", "gone", 500, 0));
            assertExitCode(0, apply(cluster, state, dir.resolve("001-earlier.yaml")));
            pair.awaitCaughtUp();
            pair.detachStandby();
            assertExitCode(0, apply(cluster, state, gone));
            assertEquals(0, EngineFixture.wrongPreferences(cluster, "gone"));
            pair.crashPrimary();
            pair.promoteStandby();
            TestDatabase promoted = pair.standby();
            assertEquals(0, promoted.queryLong("SELECT count(*) FROM pg_attribute WHERE attrelid = 'gone'::regclass"
                    + " AND attname = 'preferences'"), "the promoted server never received the run");

            Cli.Result status = onPair(cluster, state, "status", dir.toString());
            assertExitCode(0, status);
            assertTrue(status.out().matches("(?s).*earlier\\s+001-earlier.yaml\\s+applied.*"
                    + "gone\\s+002-gone.yaml\\s+lost.*"), status.out());

            String goneRun = String.valueOf(state.queryValue("SELECT id FROM pgshift.run WHERE playbook_name = 'gone'"));
            Cli.Result run = onPair(cluster, state, "status", goneRun);
            assertTrue(run.out().contains("lost: the target has lost 5 of its steps since (a failover to a standby that had"
                    + " not received them: 1 expand[0].add_column,") && run.out().contains("apply playbook gone again"), run.out());
            assertTrue(onPair(cluster, state, "status", goneRun, "--output", "json").out().contains("\"lost_steps\""),
                    "and in its JSON");
            Cli.Result all = onPair(cluster, state, "status");
            assertTrue(all.out().contains("run " + goneRun + "  gone  SUCCEEDED, lost: the target has lost 5 of its steps")
                    && !all.out().contains("earlier  SUCCEEDED"),
                    "status lists the ended run the target lost, and only it:\n" + all.out());

            // two deploys at once (the directory from one host, the file from another), both finding
            // the loss before either has moved the run: held at the run's row until both wait on a lock
            CompletableFuture<Cli.Result> byDir;
            CompletableFuture<Cli.Result> byFile;
            try (Connection hold = state.connect()) {
                hold.setAutoCommit(false);
                hold.createStatement().execute("SELECT 1 FROM pgshift.run WHERE playbook_name = 'gone' FOR UPDATE");
                byDir = CompletableFuture.supplyAsync(() -> onPair(cluster, state, "apply", dir.toString(),
                        "--actor", "engine-test"));
                byFile = CompletableFuture.supplyAsync(() -> apply(cluster, state, gone));
                state.waitFor("SELECT count(*) = 2 FROM pg_stat_activity WHERE datname = current_database()"
                        + " AND wait_event_type = 'Lock'", Duration.ofSeconds(60));
                hold.rollback();
            }
            Cli.Result dirResult = EngineFixture.awaitApply(byDir, state, 120);
            Cli.Result fileResult = EngineFixture.awaitApply(byFile, state, 120);
            assertExitCode(0, dirResult);
            assertExitCode(0, fileResult);
            assertTrue(dirResult.out().contains("skip 001-earlier.yaml"), dirResult.out());
            String reopened = "playbook gone was applied, but the target has lost 5 of its steps since";
            assertTrue(dirResult.out().contains(reopened) != fileResult.out().contains(reopened),
                    "one of them reopened the run, the other carried it on:\n" + dirResult.out() + "\n" + fileResult.out());
            String lost = assertFinishedOnPromoted(promoted, state, "gone");
            assertTrue(lost.contains("\"from\": \"SUCCEEDED\"") && lost.contains("\"to\": \"EXPANDING\""), lost);
            assertEquals(1, state.queryLong("SELECT count(*) FROM pgshift.audit_log WHERE action = 'STEPS_LOST'"
                    + " AND run_id = (SELECT id FROM pgshift.run WHERE playbook_name = 'gone')"), "the loss was found once");
            assertTrue(apply(cluster, state, gone).out().contains("is already applied"), "and once is enough");
        }
    }

    /**
     * The failover loses only the contract: the run was held before it, the standby had everything
     * up to the hold, the contract ran after it was cut off. Applied again, the run goes back from
     * SUCCEEDED to CONTRACTING and tightens the promoted server, the expand and backfill kept.
     */
    @Test
    void aContractTheFailoverLostRunsAgainWhenItsPlaybookIsAppliedAgain(TestDatabase state) throws Exception {
        try (StandbyPair pair = StandbyPair.start()) {
            TestDatabase cluster = pair.cluster();
            EngineFixture.createUsersLike(cluster, "held", 2_000);
            Path file = EngineFixture.write(tmp, "held.yaml", EngineFixture.preferencesPlaybook("held", "held", 500, 0));
            assertExitCode(15, onPair(cluster, state, "apply", file.toString(), "--actor", "engine-test",
                    "--hold-before-contract"));
            String runId = String.valueOf(state.queryValue("SELECT id FROM pgshift.run WHERE playbook_name = 'held'"));
            pair.awaitCaughtUp();
            pair.detachStandby();
            assertExitCode(0, onPair(cluster, state, "complete", runId, "--force", "--actor", "engine-test"));
            assertEquals("SUCCEEDED", state.queryValue("SELECT state FROM pgshift.run WHERE id = " + runId));
            pair.crashPrimary();
            pair.promoteStandby();
            TestDatabase promoted = pair.standby();
            assertEquals(0, promoted.queryLong("SELECT count(*) FROM pg_attribute WHERE attrelid = 'held'::regclass"
                    + " AND attname = 'preferences' AND attnotnull"), "the promoted server never received the contract");
            assertEquals(0, EngineFixture.wrongPreferences(promoted, "held"), "but has the backfill");

            Cli.Result again = apply(cluster, state, file);
            assertExitCode(0, again);
            assertTrue(again.out().contains("running them again from CONTRACTING"), again.out());
            String lost = assertFinishedOnPromoted(promoted, state, "held");
            assertTrue(lost.contains("\"from\": \"SUCCEEDED\"") && lost.contains("\"to\": \"CONTRACTING\"")
                    && lost.contains("contract[1].set_not_null") && !lost.contains("expand[0]"), lost);
        }
    }

    /**
     * The failover comes after a rollback: the promoted server never received the undo, and has
     * the run's NOT NULL, default and sync trigger again while the state database says ROLLED_BACK.
     * {@code status} says so and rolling the run back again undoes them again; before, nothing
     * told, and the second rollback was refused (a ROLLED_BACK run cannot be rolled back).
     */
    @Test
    void aRollbackWhoseUndoTheFailoverLostIsUndoneAgain(TestDatabase state) throws Exception {
        try (StandbyPair pair = StandbyPair.start()) {
            TestDatabase cluster = pair.cluster();
            EngineFixture.createUsersLike(cluster, "undone", 2_000);
            assertExitCode(0, apply(cluster, state, EngineFixture.write(tmp, "undone.yaml",
                    EngineFixture.preferencesPlaybook("undone", "undone", 500, 0))));
            assertEquals(3, tightened(cluster, "undone"), "NOT NULL, default and sync trigger");
            String runId = String.valueOf(state.queryValue("SELECT id FROM pgshift.run WHERE playbook_name = 'undone'"));
            pair.awaitCaughtUp();
            pair.detachStandby();
            assertExitCode(0, onPair(cluster, state, "rollback", runId, "--actor", "engine-test"));
            assertEquals(0, tightened(cluster, "undone"));
            pair.crashPrimary();
            pair.promoteStandby();
            TestDatabase promoted = pair.standby();
            assertEquals("ROLLED_BACK", state.queryValue("SELECT state FROM pgshift.run WHERE id = " + runId));
            assertEquals(3, tightened(promoted, "undone"), "the promoted server never received the undo");

            Cli.Result status = onPair(cluster, state, "status", runId);
            assertTrue(status.out().matches("(?s).*lost: the target has lost the undo of 3 of its steps since \\(a failover"
                    + " to a standby that had not received it: .*\\d+ contract\\[1]\\.set_not_null\\); run pgshift"
                    + " rollback " + runId + " again to undo them.*"), status.out());
            assertTrue(onPair(cluster, state, "status", runId, "--output", "json").out().contains("\"lost_undos\""),
                    "and in its JSON");
            assertTrue(onPair(cluster, state, "status", "--output", "json").out().contains("\"ended_with_losses\""),
                    "status lists it");

            Cli.Result again = onPair(cluster, state, "rollback", runId, "--actor", "engine-test");
            assertExitCode(0, again);
            assertTrue(again.out().contains("run " + runId + " is ROLLED_BACK"), again.out());
            assertEquals(0, tightened(promoted, "undone"), "undone again on the promoted server");
            String lost = String.valueOf(state.queryValue("SELECT details::text FROM pgshift.audit_log"
                    + " WHERE action = 'STEPS_LOST' AND run_id = " + runId));
            assertTrue(lost.contains("\"from\": \"ROLLED_BACK\"") && lost.contains("\"to\": \"ROLLING_BACK\"")
                    && lost.contains("\"lost\": \"undo\"") && lost.contains("contract[1].set_not_null"), lost);
            assertFalse(onPair(cluster, state, "status", runId).out().contains("lost:"), "nothing is lost any more");
            assertEquals(7, onPair(cluster, state, "rollback", runId).exitCode(), "and a third rollback is refused as before");
        }
    }

    /**
     * The failover comes in the middle of a rollback: it stopped on a lock after undoing the NOT
     * NULL and the default, and the promoted server received neither undo. Asked again, the
     * rollback's driver undoes them again before the rest; before, it skipped them as ROLLED_BACK
     * and ended ROLLED_BACK with both still on the promoted server.
     */
    @Test
    void aRollbackStoppedMidwayUndoesAgainWhatTheFailoverLost(TestDatabase state) throws Exception {
        try (StandbyPair pair = StandbyPair.start()) {
            TestDatabase cluster = pair.cluster();
            EngineFixture.createUsersLike(cluster, "midway", 2_000);
            // two attempts at each lock: the held one below stops the rollback at once
            assertExitCode(0, apply(cluster, state, EngineFixture.write(tmp, "midway.yaml",
                    EngineFixture.preferencesPlaybook("midway", "midway", 500, 0)
                            .replace("max_attempts: 100", "max_attempts: 2"))));
            String runId = String.valueOf(state.queryValue("SELECT id FROM pgshift.run WHERE playbook_name = 'midway'"));
            String function = String.valueOf(cluster.queryValue("SELECT tgname FROM pg_trigger"
                    + " WHERE tgrelid = 'midway'::regclass AND NOT tgisinternal"));
            pair.awaitCaughtUp();
            pair.detachStandby();
            try (Connection hold = pair.primary().connect()) {
                // the sync trigger's function held: its DROP FUNCTION, the rollback's last statement, times out
                hold.setAutoCommit(false);
                hold.createStatement().execute("COMMENT ON FUNCTION public." + function + "() IS 'held'");
                Cli.Result stopped = onPair(cluster, state, "rollback", runId, "--actor", "engine-test");
                assertTrue(stopped.exitCode() != 0, stopped.out() + stopped.err());
            }
            assertEquals("FAILED", state.queryValue("SELECT state FROM pgshift.run WHERE id = " + runId));
            assertEquals(2, state.queryLong("SELECT count(*) FROM pgshift.step WHERE run_id = " + runId
                    + " AND state = 'ROLLED_BACK'"), "the NOT NULL and the default were undone");
            pair.crashPrimary();
            pair.promoteStandby();
            TestDatabase promoted = pair.standby();
            assertEquals(3, tightened(promoted, "midway"), "the promoted server never received the undo");

            assertExitCode(0, onPair(cluster, state, "rollback", runId, "--actor", "engine-test"));
            assertEquals(0, tightened(promoted, "midway"), "all undone on the promoted server");
            String lost = String.valueOf(state.queryValue("SELECT details::text FROM pgshift.audit_log"
                    + " WHERE action = 'STEPS_LOST' AND run_id = " + runId));
            assertTrue(lost.contains("\"from\": \"ROLLING_BACK\"") && lost.contains("\"lost\": \"undo\"")
                    && lost.contains("contract[0].set_default") && lost.contains("contract[1].set_not_null"), lost);
        }
    }

    /**
     * How many of the preferences run's NOT NULL, default and sync trigger {@code table} has. Each
     * test has its own table and playbook name: the class shares one state database.
     */
    private static long tightened(TestDatabase db, String table) {
        return db.queryLong("SELECT count(*) FILTER (WHERE attnotnull) + count(*) FILTER (WHERE atthasdef)"
                + " + (SELECT count(*) FROM pg_trigger WHERE tgrelid = '" + table + "'::regclass AND NOT tgisinternal)"
                + " FROM pg_attribute WHERE attrelid = '" + table + "'::regclass AND attname = 'preferences'");
    }

    /**
     * The run of playbook (and table) {@code name} succeeded, every row filled and the contract done
     * on the promoted server; returns its STEPS_LOST audit details.
     */
    private static String assertFinishedOnPromoted(TestDatabase promoted, TestDatabase state, String name) {
        assertEquals("SUCCEEDED", state.queryValue("SELECT state FROM pgshift.run WHERE playbook_name = '" + name + "'"));
        assertEquals(0, EngineFixture.wrongPreferences(promoted, name), "every row filled on the promoted server");
        assertEquals(1, promoted.queryLong("SELECT count(*) FROM pg_attribute WHERE attrelid = '" + name + "'::regclass"
                + " AND attname = 'preferences' AND attnotnull"), "the contract ran on the promoted server");
        return String.valueOf(state.queryValue("SELECT a.details::text FROM pgshift.audit_log a"
                + " JOIN pgshift.run r ON r.id = a.run_id WHERE r.playbook_name = '" + name + "' AND a.action = 'STEPS_LOST'"));
    }

    private static Cli.Result apply(TestDatabase target, TestDatabase state, Path playbook) {
        return onPair(target, state, "apply", playbook.toString(), "--actor", "engine-test");
    }

    /** A command on the pair (its URL follows the primary), the state in its own database. */
    private static Cli.Result onPair(TestDatabase cluster, TestDatabase state, String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 4);
        all[args.length] = "--database-url";
        all[args.length + 1] = cluster.jdbcUrlForChild();
        all[args.length + 2] = "--state-database-url";
        all[args.length + 3] = state.jdbcUrlForChild();
        return Cli.run(all);
    }
}
