package io.pgshift.exec;

import io.pgshift.db.SqlStates;
import static io.pgshift.exec.Executors.backendPid;
import static io.pgshift.exec.Executors.ddl;
import static io.pgshift.exec.Executors.query;
import static io.pgshift.exec.Executors.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.db.Connections;
import io.pgshift.plan.LockMode;
import io.pgshift.plan.Phase;
import io.pgshift.plan.PlannedStep;
import io.pgshift.plan.Rerun;
import io.pgshift.plan.Statement;
import io.pgshift.plan.StepKind;
import io.pgshift.plan.TableImpact;
import io.pgshift.plan.TxMode;
import io.pgshift.playbook.Settings;
import io.pgshift.run.OnceMarkers;
import io.pgshift.run.StateSchema;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PgDatabaseExtension.class)
class StatementExecutorIT {
    private static final Duration LOCK_TIMEOUT = Duration.ofMillis(200);
    private static final Settings QUICK = settings(LOCK_TIMEOUT, 3, Duration.ofMillis(20), Duration.ofMillis(50));

    private final TestDatabase db;
    private final Executors.RecordingSource source;
    private final Recorder recorder = new Recorder();

    StatementExecutorIT(TestDatabase db) {
        this.db = db;
        this.source = new Executors.RecordingSource(db);
    }

    private static String column(String table, String column) {
        return "SELECT count(*) FROM information_schema.columns WHERE table_name = '" + table
                + "' AND column_name = '" + column + "'";
    }

    @Test
    void trafficNeverWaitsLongerThanLockTimeoutWhileDdlQueuesBehindAnIdleTransaction() throws Exception {
        db.execute("CREATE TABLE queue_t (id int PRIMARY KEY, v int);"
                + " INSERT INTO queue_t SELECT g, g FROM generate_series(1, 1000) g");
        Statement alter = ddl("ALTER TABLE queue_t ADD COLUMN IF NOT EXISTS c text", "queue_t",
                LockMode.ACCESS_EXCLUSIVE, null);
        Settings patient = settings(LOCK_TIMEOUT, 40, Duration.ofMillis(100), Duration.ofMillis(400));
        try (Connection blocker = db.connect(); Connection traffic = db.connect();
             var executor = new StatementExecutor(source)) {
            blocker.setAutoCommit(false);
            blocker.createStatement().execute("LOCK TABLE queue_t IN ACCESS SHARE MODE");

            var ddl = CompletableFuture.supplyAsync(() -> executor.execute(alter, patient, recorder));
            long start = System.nanoTime();
            long releaseAfter = TimeUnit.MILLISECONDS.toNanos(1500);
            long deadline = TimeUnit.SECONDS.toNanos(15);
            boolean released = false;
            long worst = 0;
            int queries = 0;
            while (!(released && ddl.isDone()) && System.nanoTime() - start < deadline) {
                if (!released && System.nanoTime() - start > releaseAfter) {
                    blocker.commit();
                    released = true;
                }
                for (String sql : new String[] {"SELECT count(*) FROM queue_t", "UPDATE queue_t SET v = v + 1 WHERE id = 7"}) {
                    long t0 = System.nanoTime();
                    traffic.createStatement().execute(sql);
                    worst = Math.max(worst, System.nanoTime() - t0);
                    queries++;
                }
            }
            StatementOutcome outcome = ddl.get(5, TimeUnit.SECONDS);

            assertTrue(queries > 10, "traffic ran while the DDL retried: " + queries);
            assertTrue(worst <= LOCK_TIMEOUT.plusMillis(400).toNanos(),
                    "a query waited " + TimeUnit.NANOSECONDS.toMillis(worst) + " ms behind the queued DDL");
            // it waited for the idle blocker without queueing (or queued and timed out): either way it took the wait
            assertTrue(outcome.total().toMillis() >= 1000, "the DDL ran only after the blocker ended: " + outcome.total());
            assertTrue(recorder.failureStates().stream().allMatch(SqlStates.LOCK_NOT_AVAILABLE::equals),
                    recorder.failureStates().toString());
            assertEquals(StatementOutcome.Status.EXECUTED, outcome.status());
            assertEquals(recorder.failures.size() + 1, outcome.attempts());
            assertTrue(outcome.total().compareTo(outcome.successfulAttempt()) > 0);
            assertEquals(1, db.queryLong(column("queue_t", "c")));
        }
    }

    @Test
    void doesNotQueueBehindASessionIdleInTransactionSoTrafficBarelyWaits() throws Exception {
        db.execute("CREATE TABLE idle_t (id int PRIMARY KEY, v int); INSERT INTO idle_t SELECT g, g FROM generate_series(1, 100) g");
        Statement alter = ddl("ALTER TABLE idle_t ADD COLUMN IF NOT EXISTS c text", "idle_t", LockMode.ACCESS_EXCLUSIVE, null);
        Duration longTimeout = Duration.ofSeconds(2);
        Settings patient = settings(longTimeout, 40, Duration.ofMillis(100), Duration.ofMillis(300));
        try (Connection blocker = db.connect(); Connection traffic = db.connect();
             var executor = new StatementExecutor(source)) {
            blocker.setAutoCommit(false);
            blocker.createStatement().execute("SELECT * FROM idle_t WHERE id = 1");
            Thread.sleep(StatementExecutor.IDLE_GRACE.toMillis() * 5);

            var ddl = CompletableFuture.supplyAsync(() -> executor.execute(alter, patient, recorder));
            long start = System.nanoTime();
            long worst = 0;
            while (System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(1500)) {
                long t0 = System.nanoTime();
                traffic.createStatement().execute("UPDATE idle_t SET v = v + 1 WHERE id = 7");
                worst = Math.max(worst, System.nanoTime() - t0);
            }
            blocker.commit();
            StatementOutcome outcome = ddl.get(10, TimeUnit.SECONDS);

            // queued behind the idle session, every attempt would have held the UPDATEs for 2 s
            assertTrue(worst < TimeUnit.MILLISECONDS.toNanos(500),
                    "an UPDATE waited " + TimeUnit.NANOSECONDS.toMillis(worst) + " ms: the DDL queued behind the idle session");
            assertEquals(StatementOutcome.Status.EXECUTED, outcome.status());
            assertEquals(1, outcome.attempts(), "it waited for the session to end, then went at once");
            assertTrue(outcome.total().toMillis() >= 1400, outcome.total().toString());
            assertTrue(outcome.successfulAttempt().toMillis() < 1000, "the wait is not the statement's duration");
            assertEquals(1, db.queryLong(column("idle_t", "c")));
        }
    }

    @Test
    void givesUpAfterMaxAttemptsNamingTheBlockingSessionAndChangesNothing() throws Exception {
        db.execute("CREATE TABLE busy_t (id int)");
        Statement alter = ddl("ALTER TABLE busy_t ADD COLUMN IF NOT EXISTS c text", "busy_t",
                LockMode.ACCESS_EXCLUSIVE, null);
        try (Connection blocker = Connections.open(db.url(), "blocker-app");
             var executor = new StatementExecutor(source)) {
            blocker.setAutoCommit(false);
            blocker.createStatement().execute("SELECT * FROM busy_t FOR SHARE");
            int blockerPid = backendPid(blocker);

            var e = assertThrows(LockRetriesExhaustedException.class, () -> executor.execute(alter, QUICK, recorder));

            assertEquals(3, e.attempts());
            assertEquals(2, recorder.failures.size(), "the last failure is the exception, not a retry");
            assertEquals(Retryable.LOCK_TIMEOUT, e.lastKind());
            assertEquals(blockerPid, e.blockers().get(0).pid());
            String first = e.getMessage().lines().findFirst().orElseThrow();
            assertTrue(first.contains("blocker-app"), first);
            assertTrue(first.contains("busy_t"), first);
            assertTrue(first.contains("ACCESS EXCLUSIVE"), first);
            assertTrue(first.contains("idle in transaction"), first);
            assertTrue(first.contains("pg_terminate_backend(" + blockerPid + ")"), first);
            blocker.rollback();
        }
        assertEquals(0, db.queryLong(column("busy_t", "c")));
    }

    /**
     * A statement that takes no table lock (a sync trigger's DROP FUNCTION) waits for a lock on
     * the function: the session holding it is named with the function. Before, the oldest open
     * transaction was named as "older than the index build", which there was none of.
     */
    @Test
    void givesUpOnAFunctionsLockNamingTheSessionThatHoldsIt() throws Exception {
        db.execute("CREATE TABLE fn_t (id int); CREATE FUNCTION fn_held() RETURNS int LANGUAGE sql AS 'SELECT 1'");
        Statement drop = ddl("DROP FUNCTION IF EXISTS fn_held()", "fn_t", LockMode.NONE, null);
        try (Connection blocker = Connections.open(db.url(), "blocker-app");
             var executor = new StatementExecutor(source)) {
            blocker.setAutoCommit(false);
            blocker.createStatement().execute("COMMENT ON FUNCTION fn_held() IS 'held'");
            int blockerPid = backendPid(blocker);

            var e = assertThrows(LockRetriesExhaustedException.class, () -> executor.execute(drop, QUICK, recorder));

            String first = e.getMessage().lines().findFirst().orElseThrow();
            assertTrue(first.contains("could not take its lock within lock_timeout"), first);
            assertTrue(first.contains("(pid " + blockerPid + ", app 'blocker-app') holds ShareUpdateExclusiveLock on"
                    + " function fn_held()"), first);
            assertFalse(first.contains("index build"), first);
            blocker.rollback();
        }
        assertEquals(1, db.queryLong("SELECT count(*) FROM pg_proc WHERE proname = 'fn_held'"), "nothing dropped");
    }

    @Test
    void skipsAStatementWhoseGuardSaysItsEffectIsPresent() throws Exception {
        db.execute("CREATE TABLE marks (id int)");
        try (var executor = new StatementExecutor(source)) {
            var present = executor.execute(ddl("INSERT INTO marks VALUES (1)", "marks", LockMode.ROW_EXCLUSIVE,
                    "SELECT true"), QUICK, recorder);
            assertEquals(StatementOutcome.Status.SKIPPED, present.status());
            assertEquals(0, db.queryLong("SELECT count(*) FROM marks"));
            assertEquals(1, recorder.skipped.size());

            var missing = executor.execute(ddl("INSERT INTO marks VALUES (2)", "marks", LockMode.ROW_EXCLUSIVE,
                    "SELECT EXISTS (SELECT 1 FROM marks)"), QUICK, recorder);
            assertEquals(StatementOutcome.Status.EXECUTED, missing.status());
            assertEquals(1, db.queryLong("SELECT count(*) FROM marks"));
        }
    }

    @Test
    void buildsAnIndexConcurrentlyOutsideATransactionAndResetsTheSessionTimeouts() throws Exception {
        db.execute("CREATE TABLE idx_t (id int, a int); INSERT INTO idx_t SELECT g, g % 10 FROM generate_series(1, 500) g");
        String sql = "CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_t_a ON idx_t (a)";
        Statement build = new Statement(sql, "idx_t", LockMode.SHARE_UPDATE_EXCLUSIVE, TableImpact.SCAN,
                TxMode.NO_TRANSACTION, Statement.TimeoutClass.SCAN, null);
        String defaultLockTimeout;
        String defaultStatementTimeout;
        try (Connection fresh = db.connect()) {
            defaultLockTimeout = query(fresh, "SHOW lock_timeout");
            defaultStatementTimeout = query(fresh, "SHOW statement_timeout");
        }
        try (var executor = new StatementExecutor(source)) {
            var inBlock = assertThrows(StatementFailedException.class, () -> executor.execute(
                    new Statement(sql, "idx_t", LockMode.SHARE_UPDATE_EXCLUSIVE, TableImpact.SCAN, TxMode.TRANSACTION,
                            Statement.TimeoutClass.SCAN, null), QUICK, recorder));
            assertEquals("25001", inBlock.sqlState(), "CONCURRENTLY refuses to run in a transaction block");

            assertEquals(StatementOutcome.Status.EXECUTED, executor.execute(build, QUICK, recorder).status());

            assertEquals("t", db.queryValue("SELECT indisvalid FROM pg_index WHERE indexrelid = 'idx_t_a'::regclass")
                    .toString().substring(0, 1));
            Connection used = source.last();
            assertEquals(defaultLockTimeout, query(used, "SHOW lock_timeout"));
            assertEquals(defaultStatementTimeout, query(used, "SHOW statement_timeout"));
            assertTrue(used.getAutoCommit());
        }
    }

    /** {@code scan_statement_timeout: 0} is "no limit" for scans, as documented; a short statement always has one. */
    @Test
    void aScanMayRunWithoutATimeoutWhenThePlaybookSaysSoAShortStatementNever() throws Exception {
        db.execute("CREATE TABLE unbounded_t (id int, a int); INSERT INTO unbounded_t SELECT g, g FROM generate_series(1, 100) g");
        Settings noScanLimit = new Settings(LOCK_TIMEOUT, Duration.ofSeconds(5), Duration.ZERO, QUICK.lockRetries(),
                "public", QUICK.deploy());
        Statement seesItsTimeout = new Statement("DO $$ BEGIN IF current_setting('statement_timeout') <> '0' THEN"
                + " RAISE EXCEPTION 'statement_timeout is %', current_setting('statement_timeout'); END IF; END $$",
                "unbounded_t", LockMode.ACCESS_SHARE, TableImpact.SCAN, TxMode.TRANSACTION, Statement.TimeoutClass.SCAN, null);
        try (var executor = new StatementExecutor(source)) {
            assertEquals(StatementOutcome.Status.EXECUTED, executor.execute(seesItsTimeout, noScanLimit, recorder).status());
            Settings noShortLimit = new Settings(LOCK_TIMEOUT, Duration.ZERO, Duration.ZERO, QUICK.lockRetries(),
                    "public", QUICK.deploy());
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> executor.execute(
                    ddl("ALTER TABLE unbounded_t ADD COLUMN b int", "unbounded_t", LockMode.ACCESS_EXCLUSIVE, null),
                    noShortLimit, recorder));
            assertTrue(refused.getMessage().startsWith("statement_timeout must be at least 1ms"), refused.getMessage());
        }
    }

    @Test
    void failsAtOnceOnAnErrorThatIsNotRetried() throws Exception {
        try (var executor = new StatementExecutor(source)) {
            var e = assertThrows(StatementFailedException.class, () -> executor.execute(
                    ddl("ALTER TABLE nowhere ADD COLUMN", "nowhere", LockMode.ACCESS_EXCLUSIVE, null), QUICK, recorder));
            assertEquals("42601", e.sqlState());
            assertEquals(1, e.attempts());
            assertTrue(recorder.failures.isEmpty());
            assertTrue(e.getMessage().contains("SQLSTATE 42601"), e.getMessage());
            assertTrue(e.getMessage().contains("ALTER TABLE nowhere ADD COLUMN"), e.getMessage());
            // the connection is still usable for the next statement
            assertEquals(StatementOutcome.Status.EXECUTED, executor.execute(
                    ddl("CREATE TABLE IF NOT EXISTS after_error (id int)", "after_error", LockMode.ACCESS_EXCLUSIVE,
                            null), QUICK, recorder).status());
        }
    }

    @Test
    void aStatementRunOncePerRunWhoseCommitWasNotAcknowledgedIsNotRunAgain() throws Exception {
        db.execute("CREATE TABLE counters (id int PRIMARY KEY, n int NOT NULL); INSERT INTO counters VALUES (1, 0)");
        try (Connection c = db.connect()) {
            StateSchema.migrate(c);
        }
        Statement increment = new Statement("UPDATE counters SET n = n + 1 WHERE id = 1", "counters",
                LockMode.ROW_EXCLUSIVE, TableImpact.ROWS, TxMode.TRANSACTION, Statement.TimeoutClass.SHORT, null,
                Rerun.ONCE_PER_RUN, null);
        PlannedStep step = new PlannedStep(4, Phase.EXPAND, StepKind.RAW_SQL, "expand[3].sql", "sql: UPDATE counters",
                List.of(increment), false, null);
        var lossy = new Executors.LostCommitAcknowledgement(db);
        try (var executor = new StatementExecutor(lossy)) {
            Statement bound = OnceMarkers.bind(step, 77, Instant.parse("2026-03-01T10:15:30.123456Z")).statements().get(0);
            var outcome = executor.execute(bound, QUICK, recorder);

            assertEquals(1, db.queryLong("SELECT n FROM counters"), "committed once, never run again");
            assertEquals(StatementOutcome.Status.SKIPPED, outcome.status(), "the retry found its marker");
            assertEquals(2, outcome.attempts());
            assertEquals(List.of("08006"), recorder.failureStates());
            assertEquals(2, lossy.plain.opened.size(), "a new connection replaced the one that failed");
            assertEquals(1, db.queryLong("SELECT count(*) FROM pgshift.applied_statement WHERE run_id = 77"
                    + " AND step_ordinal = 4 AND statement_no = 1"));
        }
    }

    @Test
    void refusesAStatementMeantToRunOncePerRunThatIsNotBoundToItsRunStep() throws Exception {
        Statement unbound = new Statement("UPDATE counters SET n = n + 1", "counters", LockMode.ROW_EXCLUSIVE,
                TableImpact.ROWS, TxMode.TRANSACTION, Statement.TimeoutClass.SHORT, null, Rerun.ONCE_PER_RUN, null);
        try (var executor = new StatementExecutor(source)) {
            assertThrows(IllegalStateException.class, () -> executor.execute(unbound, QUICK, recorder));
        }
        assertEquals(0, source.opened.size(), "refused before anything was sent");
    }

    @Test
    void reconnectsAndRetriesWhenItsConnectionWasTerminated() throws Exception {
        try (var executor = new StatementExecutor(source)) {
            executor.execute(ddl("CREATE TABLE IF NOT EXISTS k1 (id int)", "k1", LockMode.ACCESS_EXCLUSIVE, null),
                    QUICK, recorder);
            int pid = backendPid(source.last());
            // waits (up to 5 s) until the backend is gone
            db.terminate(pid);

            var outcome = executor.execute(ddl("CREATE TABLE k2 (id int)", "k2", LockMode.ACCESS_EXCLUSIVE,
                    "SELECT to_regclass('public.k2') IS NOT NULL"), QUICK, recorder);

            assertEquals(StatementOutcome.Status.EXECUTED, outcome.status());
            assertEquals(2, outcome.attempts());
            assertEquals(2, source.opened.size(), "a new connection replaced the terminated one");
            assertTrue(RetryClassifier.classify(recorder.failures.get(0)).connectionLost(),
                    recorder.failureStates().toString());
            assertEquals(1, db.queryLong("SELECT count(*) FROM pg_class WHERE relname = 'k2'"));
        }
    }
}
