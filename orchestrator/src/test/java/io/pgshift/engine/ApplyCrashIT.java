package io.pgshift.engine;

import static io.pgshift.engine.EngineFixture.applyWithin;
import static io.pgshift.engine.EngineFixture.assertExitCode;
import static io.pgshift.engine.EngineFixture.run;
import static io.pgshift.engine.EngineFixture.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.cli.Cli;
import io.pgshift.db.DeadClients;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a {@code pgshift apply} JVM inside each phase, then {@code apply} again: the
 * same run carries on (a new node recovers the dead one's Quartz jobs) and ends exactly as an
 * uninterrupted run would, every row backfilled by one committed batch.
 *
 * <p>To stop the run at a known point, the test holds locks the run must wait for: a table lock
 * that makes expand or contract DDL retry under lock_timeout, a row lock on the gate's step row
 * (the driver waits there, in VERIFYING, before counting) and one on the run's row (the gate,
 * having counted its first chunk, waits to save its cursor).
 */
@ExtendWith(PgDatabaseExtension.class)
class ApplyCrashIT {
    private static final int ROWS = 30_000;
    private static final Duration WAIT = Duration.ofSeconds(60);
    @TempDir
    Path tmp;

    @Test
    void killedWhileExpandDdlRetriesThenApplyAgainCompletes(TestDatabase db) throws Exception {
        Path file = scenario(db, "crash_expand");
        try (Connection blocker = db.connect()) {
            hold(blocker, "LOCK TABLE crash_expand IN ACCESS SHARE MODE");
            try (ApplyProcess child = ApplyProcess.start(db, file)) {
                waitFor(db, "SELECT count(*) > 0 FROM pgshift.audit_log WHERE run_id = " + run("crash-expand")
                        + " AND action = 'STATEMENT_RETRIED' AND details->>'step' = 'expand[0].add_column'", WAIT);
                child.kill();
            }
            assertEquals("EXPANDING", EngineFixture.state(db, EngineFixture.runId(db, "crash-expand")));
            blocker.rollback();
        }
        applyAgainAndCheck(db, file, "crash-expand", "crash_expand");
    }

    /**
     * Killed after expand's DDL committed but before its step was recorded: applied again, the
     * step finds its effect present, and it is this run's (SUCCEEDED, not SKIPPED "present before
     * the run"), so rollback undoes it.
     */
    @Test
    void killedAfterExpandDdlCommittedBeforeItsStepWasRecordedTheRunStillOwnsIt(TestDatabase db) throws Exception {
        Path file = scenario(db, "crash_owned");
        try (Connection tableLock = db.connect(); Connection stepLock = db.connect()) {
            hold(tableLock, "LOCK TABLE crash_owned IN ACCESS SHARE MODE");
            try (ApplyProcess child = ApplyProcess.start(db, file)) {
                waitFor(db, "SELECT count(*) > 0 FROM pgshift.audit_log WHERE run_id = " + run("crash-owned")
                        + " AND action = 'STATEMENT_RETRIED' AND details->>'step' = 'expand[0].add_column'", WAIT);
                // the step is RUNNING; its DDL waits for tableLock: now keep its step row from being finished
                hold(stepLock, "SELECT 1 FROM pgshift.step WHERE run_id = " + run("crash-owned") + " AND ordinal = 1"
                        + " FOR UPDATE");
                tableLock.rollback();
                waitFor(db, "SELECT count(*) > 0 FROM pgshift.audit_log WHERE run_id = " + run("crash-owned")
                        + " AND action = 'STATEMENT_EXECUTED' AND details->>'step' = 'expand[0].add_column'", WAIT);
                waitFor(db, "SELECT count(*) > 0 FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                        + " AND query LIKE 'UPDATE pgshift.step%'", WAIT);
                child.kill();
            }
            // the dead process's UPDATE still waits in its server session, which would finish it once the
            // lock is free: end that session, as the server does when it finds its client gone
            db.queryValue("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                    + " AND query LIKE 'UPDATE pgshift.step%'");
            stepLock.rollback();
        }
        long runId = EngineFixture.runId(db, "crash-owned");
        assertEquals("RUNNING", db.queryValue("SELECT state FROM pgshift.step WHERE run_id = " + runId + " AND ordinal = 1"));
        assertEquals(1, db.queryLong("SELECT count(*) FROM pg_attribute WHERE attrelid = 'crash_owned'::regclass"
                + " AND attname = 'preferences'"), "the DDL committed");
        applyAgainAndCheck(db, file, "crash-owned", "crash_owned");
        assertEquals("SUCCEEDED", db.queryValue("SELECT state FROM pgshift.step WHERE run_id = " + runId + " AND ordinal = 1"),
                "its effect is this run's");
        assertExitCode(0, EngineFixture.cli(db, "rollback", Long.toString(runId), "--drop-data"));
        assertEquals(0, db.queryLong("SELECT count(*) FROM pg_attribute WHERE attrelid = 'crash_owned'::regclass"
                + " AND attname = 'preferences' AND NOT attisdropped"), "rollback dropped the column this run added");
    }

    @Test
    void killedMidBackfillThenApplyAgainWritesEveryRowOnce(TestDatabase db) throws Exception {
        Path file = scenario(db, "crash_backfill");
        try (ApplyProcess child = ApplyProcess.start(db, file)) {
            waitFor(db, "SELECT coalesce(sum(p.rows_scanned), 0) > 2000 AND bool_and(p.state <> 'DONE')"
                    + " FROM pgshift.backfill_partition p JOIN pgshift.backfill b ON b.id = p.backfill_id"
                    + " WHERE b.run_id = " + run("crash-backfill"), WAIT);
            child.kill();
        }
        long runId = EngineFixture.runId(db, "crash-backfill");
        assertEquals("BACKFILLING", EngineFixture.state(db, runId));
        long atKill = db.queryLong("SELECT sum(p.rows_scanned) FROM pgshift.backfill_partition p"
                + " JOIN pgshift.backfill b ON b.id = p.backfill_id WHERE b.run_id = " + runId);
        assertTrue(atKill > 0 && atKill < ROWS, "killed mid-way: " + atKill + " rows scanned");
        applyAgainAndCheck(db, file, "crash-backfill", "crash_backfill");
    }

    @Test
    void killedInsideTheGateThenApplyAgainCountsAgainAndContracts(TestDatabase db) throws Exception {
        Path file = scenario(db, "crash_gate");
        try (Connection stepLock = db.connect(); Connection runLock = db.connect();
             ApplyProcess child = ApplyProcess.start(db, file)) {
            String gateStep = "SELECT 1 FROM pgshift.step WHERE run_id = " + run("crash-gate") + " AND kind = 'GATE'";
            waitFor(db, "SELECT EXISTS (" + gateStep + ")", WAIT);
            hold(stepLock, gateStep + " FOR UPDATE");
            waitFor(db, "SELECT state = 'VERIFYING' FROM pgshift.run WHERE id = " + run("crash-gate"), WAIT);
            // FOR SHARE: the step's fence check (which reads the run row FOR SHARE) goes through,
            // the gate's UPDATE of the run row waits
            hold(runLock, "SELECT 1 FROM pgshift.run WHERE id = " + run("crash-gate") + " FOR SHARE");
            stepLock.commit(); // the gate step starts and counts; saving its first cursor waits for runLock
            waitFor(db, "SELECT count(*) > 0 FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                    + " AND query LIKE 'UPDATE pgshift.run SET gate_report%'", WAIT);
            assertEquals("RUNNING", db.queryValue("SELECT state FROM pgshift.step WHERE kind = 'GATE' AND run_id = "
                    + run("crash-gate")));
            child.kill();
            runLock.rollback();
        }
        assertEquals("VERIFYING", EngineFixture.state(db, EngineFixture.runId(db, "crash-gate")));
        applyAgainAndCheck(db, file, "crash-gate", "crash_gate");
    }

    @Test
    void killedInsideItsVerifyQueryTheServerEndsTheQueryAtOnce(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE crash_orphan (id bigint PRIMARY KEY)");
        Path file = EngineFixture.write(tmp, "crash-orphan.yaml", "name: crash-orphan\ncontract:\n"
                + "  - verify: {sql: \"SELECT 0 FROM pg_sleep(120)\", description: a query longer than the test}\n");
        String gateQuery = "SELECT pid FROM pg_stat_activity WHERE application_name = 'pgshift-gate'"
                + " AND state = 'active' AND query LIKE '%pg_sleep(120)%'";
        try (ApplyProcess child = ApplyProcess.start(db, file)) {
            waitFor(db, "SELECT EXISTS (" + gateQuery + ")", WAIT);
            long pid = db.queryLong(gateQuery);
            child.kill();
            // left alone, the query would hold its snapshot for its whole 120 s (or a real one for up
            // to the 6 h scan timeout): the server ends it within the dead-client check's interval
            waitFor(db, "SELECT NOT EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid = " + pid + ")",
                    DeadClients.INTERVAL.plusSeconds(10));
        }
        assertEquals("VERIFYING", EngineFixture.state(db, EngineFixture.runId(db, "crash-orphan")),
                "the run waits, in its phase, for an apply again");
    }

    @Test
    void killedWhileContractDdlRetriesThenApplyAgainCompletes(TestDatabase db) throws Exception {
        Path file = scenario(db, "crash_contract");
        try (Connection stepLock = db.connect(); Connection tableLock = db.connect();
             ApplyProcess child = ApplyProcess.start(db, file)) {
            String gateStep = "SELECT 1 FROM pgshift.step WHERE run_id = " + run("crash-contract") + " AND kind = 'GATE'";
            waitFor(db, "SELECT EXISTS (" + gateStep + ")", WAIT);
            hold(stepLock, gateStep + " FOR UPDATE");
            waitFor(db, "SELECT state = 'VERIFYING' FROM pgshift.run WHERE id = " + run("crash-contract"), WAIT);
            hold(tableLock, "LOCK TABLE crash_contract IN ACCESS SHARE MODE");
            stepLock.commit(); // the gate passes; the first contract DDL now queues behind tableLock and retries
            waitFor(db, "SELECT count(*) > 0 FROM pgshift.audit_log WHERE run_id = " + run("crash-contract")
                    + " AND action = 'STATEMENT_RETRIED' AND details->>'step' LIKE 'contract%'", WAIT);
            assertEquals("CONTRACTING", EngineFixture.state(db, EngineFixture.runId(db, "crash-contract")));
            child.kill();
            tableLock.rollback();
        }
        applyAgainAndCheck(db, file, "crash-contract", "crash_contract");
    }

    private Path scenario(TestDatabase db, String table) {
        EngineFixture.createUsersLike(db, table, ROWS);
        EngineFixture.countWrites(db, table, "preferences");
        String name = table.replace('_', '-');
        return EngineFixture.write(tmp, name + ".yaml", EngineFixture.preferencesPlaybook(name, table, 500, 20));
    }

    /** Runs {@code sql} in a transaction left open, so its locks stay held. */
    private static void hold(Connection c, String sql) throws Exception {
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** Apply again in this JVM; the end state must equal an uninterrupted run's. */
    private static void applyAgainAndCheck(TestDatabase db, Path file, String playbook, String table) {
        long runId = EngineFixture.runId(db, playbook);
        Cli.Result again = applyWithin(db, file, 90);
        assertExitCode(0, again);
        assertEquals(1, db.queryLong("SELECT count(*) FROM pgshift.run WHERE playbook_name = '" + playbook + "'"),
                "the killed run is resumed, not replaced");
        assertEquals("SUCCEEDED", EngineFixture.state(db, runId));
        assertEquals(0, EngineFixture.wrongPreferences(db, table));
        assertEquals(true, db.queryValue("SELECT attnotnull FROM pg_attribute WHERE attrelid = '" + table
                + "'::regclass AND attname = 'preferences'"));
        assertEquals("'{}'::jsonb", db.queryValue("SELECT pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d"
                + " JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum"
                + " WHERE d.adrelid = '" + table + "'::regclass AND a.attname = 'preferences'"));
        assertEquals(0, db.queryLong("SELECT count(*) FROM pg_constraint WHERE conrelid = '" + table + "'::regclass"
                + " AND (NOT convalidated OR contype = 'c')"), "the temporary NOT NULL check is gone, nothing left NOT VALID");
        assertEquals(1, db.queryLong("SELECT count(*) FROM pg_trigger WHERE tgrelid = '" + table
                + "'::regclass AND tgname LIKE 'pgshift_sync%'"), "the sync trigger is retained for old writers");
        assertEquals("RETAINED", db.queryValue("SELECT string_agg(state, ',') FROM pgshift.sync_trigger WHERE run_id = "
                + runId), "recorded once, retained");
        assertEquals(ROWS, db.queryLong("SELECT count(*) FROM " + table + "_writes"),
                "each row's preferences written by exactly one committed batch");
        assertEquals(ROWS, db.queryLong("SELECT count(DISTINCT id) FROM " + table + "_writes"));
        assertEquals(ROWS, db.queryLong("SELECT sum(p.rows_written) FROM pgshift.backfill_partition p"
                + " JOIN pgshift.backfill b ON b.id = p.backfill_id WHERE b.run_id = " + runId));
        assertEquals(ROWS, db.queryLong("SELECT count(*) FROM " + table), "no row lost or added");
        assertFalse(db.queryLong("SELECT count(*) FROM pgshift.audit_log WHERE run_id = " + runId
                + " AND action = 'SUCCEEDED'") != 1, "one SUCCEEDED in the audit log");
    }
}
