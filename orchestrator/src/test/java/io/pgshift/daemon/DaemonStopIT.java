package io.pgshift.daemon;

import static io.pgshift.daemon.DaemonProcesses.scanned;
import static io.pgshift.daemon.DaemonProcesses.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.api.ApiClient;
import io.pgshift.gate.SlowGate;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A daemon stopped with SIGTERM (a {@code systemctl restart}) hands its runs back instead of
 * failing them: mid-backfill, inside the gate, while an expand or a contract statement waits for
 * a lock and mid-rollback, the run keeps its state, nothing is audited FAILED, and the daemon
 * started again carries it on by itself.
 */
@ExtendWith(PgDatabaseExtension.class)
class DaemonStopIT {
    private static final String TOKEN = "stop-token";

    @TempDir
    Path dir;
    private DaemonProcesses daemons;

    @BeforeEach
    void daemons() {
        daemons = new DaemonProcesses(dir, TOKEN);
    }

    @AfterEach
    void stopDaemons() throws InterruptedException {
        daemons.close();
    }

    @Test
    void aDaemonStoppedMidBackfillHandsTheRunBackAndTheNextStartCarriesItOn(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE t_stop (id bigserial PRIMARY KEY, n int NOT NULL);"
                + " INSERT INTO t_stop (n) SELECT g FROM generate_series(1, 8000) g; ANALYZE t_stop");
        String playbook = """
                name: stop-double
                expand:
                  - add_column: {table: t_stop, column: doubled, type: bigint}
                backfill:
                  - table: t_stop
                    set: {doubled: "n * 2"}
                    keep_in_sync: true
                    batch: {size: 50, min_size: 50, max_size: 50, target_ms: 50, pause_ms: 200}
                contract:
                  - set_not_null: {table: t_stop, column: doubled}
                """;
        long runId = submitThenStop(db, "node-1", playbook, id -> scanned(db) > 400, "the backfill to make progress");
        assertEquals("BACKFILLING", state(db, runId), "handed back, not failed:\n" + daemons.log("node-1"));
        assertEquals(0, failures(db, runId));
        assertTrue(scanned(db) < 8000, "stopped mid-backfill");

        finishOn(db, "node-2", runId, "SUCCEEDED");
        assertEquals(0, db.queryLong("SELECT count(*) FROM t_stop WHERE doubled IS DISTINCT FROM n * 2"));
        assertEquals(0, failures(db, runId));
    }

    @Test
    void aDaemonStoppedWhileAnExpandStatementWaitsForALockLeavesTheRunExpanding(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE t_held (id bigserial PRIMARY KEY, n int NOT NULL);"
                + " INSERT INTO t_held (n) SELECT g FROM generate_series(1, 100) g");
        String playbook = """
                name: stop-held
                settings:
                  lock_timeout: 200ms
                  lock_retries: {max_attempts: 1000, initial_backoff: 100ms, max_backoff: 300ms}
                expand:
                  - add_column: {table: t_held, column: note, type: text}
                """;
        long runId;
        try (Connection holder = db.connect(); Statement s = holder.createStatement()) {
            holder.setAutoCommit(false);
            s.execute("LOCK TABLE t_held IN ACCESS SHARE MODE");
            s.execute("SELECT 1");
            Process first = daemons.start(db, "node-3");
            try {
                ApiClient api = daemons.api(first, "node-3");
                ApiClient.Reply submitted = api.submit("staging", TOKEN, playbook);
                assertEquals(201, submitted.status(), submitted.toString());
                runId = submitted.json().path("run").path("id").asLong();
                waitFor(() -> "EXPANDING".equals(stateOrNull(db, runId)), 60, "the run to start expanding");
                Thread.sleep(1000); // the ADD COLUMN waits behind the idle holder
                first.destroy(); // SIGTERM
                assertTrue(first.waitFor(60, TimeUnit.SECONDS), "the daemon stops on SIGTERM");
            } finally {
                first.destroyForcibly();
            }
            holder.rollback();
        }
        assertEquals("EXPANDING", state(db, runId), "handed back, not failed:\n" + daemons.log("node-3"));
        assertEquals(0, failures(db, runId));
        finishOn(db, "node-4", runId, "SUCCEEDED");
    }

    @Test
    void aDaemonStoppedMidRollbackHandsItBackAndTheNextStartFinishesIt(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE t_undo (id bigserial PRIMARY KEY, n int NOT NULL);"
                + " INSERT INTO t_undo (n) SELECT g FROM generate_series(1, 100) g");
        String playbook = """
                name: stop-undo
                settings:
                  lock_timeout: 200ms
                  lock_retries: {max_attempts: 1000, initial_backoff: 100ms, max_backoff: 300ms}
                expand:
                  - create_index: {table: t_undo, columns: [n]}
                """;
        long runId;
        try (Connection holder = db.connect(); Statement s = holder.createStatement()) {
            Process first = daemons.start(db, "node-5");
            try {
                ApiClient api = daemons.api(first, "node-5");
                ApiClient.Reply submitted = api.submit("staging", TOKEN, playbook);
                assertEquals(201, submitted.status(), submitted.toString());
                runId = submitted.json().path("run").path("id").asLong();
                api.awaitState("staging", runId, TOKEN, "SUCCEEDED", 60);
                // an idle transaction on the table: the index's concurrent drop waits for it, retrying
                holder.setAutoCommit(false);
                s.execute("SELECT count(*) FROM t_undo");
                ApiClient.Reply asked = api.method("POST", "/api/v1/targets/staging/runs/" + runId + "/rollback", TOKEN,
                        "{}");
                assertEquals(202, asked.status(), asked.toString());
                assertEquals("ROLLING_BACK", asked.json().path("state").asText());
                waitFor(() -> retries(db, runId) > 0, 30, "the rollback to wait behind the idle transaction");
                first.destroy(); // SIGTERM
                assertTrue(first.waitFor(60, TimeUnit.SECONDS), "the daemon stops on SIGTERM");
            } finally {
                first.destroyForcibly();
            }
            assertEquals("ROLLING_BACK", state(db, runId), "handed back, not failed:\n" + daemons.log("node-5"));
            assertEquals(0, failures(db, runId));
            holder.rollback();
        }
        Process second = daemons.start(db, "node-6");
        ApiClient api = daemons.api(second, "node-6");
        var done = api.awaitState("staging", runId, TOKEN, "ROLLED_BACK", 60);
        assertEquals("ROLLED_BACK", done.path("state").asText(), daemons.log("node-6"));
        assertEquals(List.of("create index t_undo_n_idx on t_undo (n)"), texts(done.path("undone")), done.toString());
        assertEquals(0, db.queryLong("SELECT count(*) FROM pg_indexes WHERE tablename = 't_undo' AND indexname <> 't_undo_pkey'"));
    }

    @Test
    void aDaemonStoppedInsideTheGateHandsTheRunBackAndTheNextStartCountsOn(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE t_gate (id bigserial PRIMARY KEY, n int NOT NULL);"
                + " INSERT INTO t_gate (n) SELECT g FROM generate_series(1, 20000) g; ANALYZE t_gate");
        String playbook = """
                name: stop-gate
                expand:
                  - add_column: {table: t_gate, column: doubled, type: bigint}
                backfill:
                  - table: t_gate
                    set: {doubled: "n * 2"}
                    keep_in_sync: true
                    batch: {size: 2000, min_size: 2000, max_size: 2000, target_ms: 50, pause_ms: 20}
                contract:
                  - set_not_null: {table: t_gate, column: doubled}
                """ + SlowGate.verifyStep(db, "t_gate");
        long runId = submitThenStop(db, "node-7", playbook, id -> db.queryLong("SELECT count(*) FROM pgshift.run WHERE id = "
                + id + " AND state = 'VERIFYING' AND gate_report -> 'cursors' <> '{}'::jsonb") > 0, "the gate to have counted a chunk");
        // stopped between two chunks, not after the whole gate (it used to count to the end, then go on to contract)
        assertEquals("VERIFYING", state(db, runId), "handed back, not failed:\n" + daemons.log("node-7") + auditTrail(db, runId));
        assertEquals(0, db.queryLong("SELECT count(*) FROM pgshift.audit_log WHERE run_id = " + runId + " AND action = 'GATE_PASSED'"),
                "the gate had not finished: " + auditTrail(db, runId));
        assertEquals(0, failures(db, runId));
        finishOn(db, "node-8", runId, "SUCCEEDED");
        assertEquals(1, db.queryLong("SELECT count(*) FROM pg_attribute WHERE attrelid = 't_gate'::regclass"
                + " AND attname = 'doubled' AND attnotnull"));
        assertEquals(0, failures(db, runId));
    }

    @Test
    void aDaemonStoppedInsideALongVerifyQueryCancelsItAndHandsTheRunBack(TestDatabase db) throws Exception {
        // the team's query sleeps 120 s until the test lets it through: longer than the stop may take
        db.execute("CREATE TABLE t_verify (id bigserial PRIMARY KEY, n int NOT NULL); CREATE TABLE t_verify_go (go boolean)");
        String playbook = """
                name: stop-verify
                contract:
                  - verify:
                      sql: "SELECT 0 FROM pg_sleep(CASE WHEN EXISTS (SELECT 1 FROM t_verify_go) THEN 0 ELSE 120 END)"
                      description: a verify query longer than a stop may wait
                """;
        String running = "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'pgshift-gate'"
                + " AND state = 'active' AND query LIKE '%pg_sleep(CASE%'";
        long started = System.nanoTime();
        long runId = submitThenStop(db, "node-11", playbook, id -> db.queryLong(running) > 0, "the verify query to run");
        long stopSeconds = (System.nanoTime() - started) / 1_000_000_000L;
        assertTrue(stopSeconds < 60, "stopped without waiting for the query's 120 s: " + stopSeconds + " s");
        assertEquals(0, db.queryLong(running), "the query was cancelled, not left running");
        assertEquals("VERIFYING", state(db, runId), "handed back, not failed:\n" + daemons.log("node-11") + auditTrail(db, runId));
        assertEquals(0, failures(db, runId));
        db.execute("INSERT INTO t_verify_go VALUES (true)");
        finishOn(db, "node-12", runId, "SUCCEEDED");
        assertEquals(0, failures(db, runId));
    }

    @Test
    void aDaemonStoppedWhileAContractStatementWaitsForALockLeavesTheRunContracting(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE t_tight (id bigserial PRIMARY KEY, n int NOT NULL);"
                + " INSERT INTO t_tight (n) SELECT g FROM generate_series(1, 100) g");
        String playbook = """
                name: stop-tight
                settings:
                  lock_timeout: 200ms
                  lock_retries: {max_attempts: 1000, initial_backoff: 100ms, max_backoff: 300ms}
                contract:
                  - add_check: {table: t_tight, name: t_tight_n_positive, check: "n > 0"}
                """;
        long runId;
        try (Connection holder = db.connect(); Statement s = holder.createStatement()) {
            holder.setAutoCommit(false);
            s.execute("LOCK TABLE t_tight IN ACCESS SHARE MODE");
            runId = submitThenStop(db, "node-9", playbook, id -> db.queryLong("SELECT count(*) FROM pgshift.audit_log"
                    + " WHERE run_id = " + id + " AND action = 'STATEMENT_RETRIED' AND details->>'step' LIKE 'contract%'") > 0,
                    "the check's statement to wait behind the idle holder");
            holder.rollback();
        }
        assertEquals("CONTRACTING", state(db, runId), "handed back, not failed:\n" + daemons.log("node-9"));
        assertEquals(0, failures(db, runId));
        finishOn(db, "node-10", runId, "SUCCEEDED");
        assertEquals(0, db.queryLong("SELECT count(*) FROM pg_constraint WHERE conname = 't_tight_n_positive'"
                + " AND NOT convalidated"), "validated, not left NOT VALID");
        assertEquals(1, db.queryLong("SELECT count(*) FROM pg_constraint WHERE conname = 't_tight_n_positive'"));
    }

    /**
     * Starts daemon {@code node}, submits {@code playbook}, waits until {@code until} holds for the
     * run, then stops the daemon with SIGTERM; returns the run's id.
     */
    private long submitThenStop(TestDatabase db, String node, String playbook, LongPredicate until, String what)
            throws Exception {
        Process daemon = daemons.start(db, node);
        try {
            ApiClient.Reply submitted = daemons.api(daemon, node).submit("staging", TOKEN, playbook);
            assertEquals(201, submitted.status(), submitted.toString());
            long runId = submitted.json().path("run").path("id").asLong();
            waitFor(() -> until.test(runId), 60, what);
            daemon.destroy(); // SIGTERM
            assertTrue(daemon.waitFor(60, TimeUnit.SECONDS), "the daemon stops on SIGTERM");
            return runId;
        } finally {
            daemon.destroyForcibly();
        }
    }

    /** Starts daemon {@code node}, waits until it has carried the run on to {@code state}, and stops it. */
    private void finishOn(TestDatabase db, String node, long runId, String state) throws Exception {
        Process daemon = daemons.start(db, node);
        try {
            var done = daemons.api(daemon, node).awaitState("staging", runId, TOKEN, state, 120);
            assertEquals(state, done.path("state").asText(), daemons.log(node));
        } finally {
            daemon.destroyForcibly();
            daemon.waitFor(20, TimeUnit.SECONDS);
        }
    }

    private static String auditTrail(TestDatabase db, long runId) {
        return String.valueOf(db.queryValue("SELECT string_agg(action || ' ' || left(details::text, 150), E'\\n' ORDER BY id)"
                + " FROM pgshift.audit_log WHERE run_id = " + runId));
    }

    private static long retries(TestDatabase db, long runId) {
        return db.queryLong("SELECT count(*) FROM pgshift.audit_log WHERE run_id = " + runId
                + " AND action = 'STATEMENT_RETRIED' AND details->>'step' LIKE '%:rollback'");
    }

    private static List<String> texts(com.fasterxml.jackson.databind.JsonNode array) {
        List<String> texts = new java.util.ArrayList<>();
        array.forEach(t -> texts.add(t.asText()));
        return texts;
    }

    private static String state(TestDatabase db, long runId) {
        return (String) db.queryValue("SELECT state FROM pgshift.run WHERE id = " + runId);
    }

    private static String stateOrNull(TestDatabase db, long runId) {
        try {
            return state(db, runId);
        } catch (IllegalStateException notYet) {
            return null;
        }
    }

    private static long failures(TestDatabase db, long runId) {
        return db.queryLong("SELECT count(*) FROM pgshift.audit_log WHERE run_id = " + runId + " AND action = 'FAILED'");
    }
}
