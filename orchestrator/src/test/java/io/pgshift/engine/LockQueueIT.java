package io.pgshift.engine;

import static io.pgshift.engine.EngineFixture.assertExitCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.cli.Cli;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A transaction idle in transaction holds a lock that conflicts with expand's ACCESS EXCLUSIVE:
 * the DDL waits at most lock_timeout per attempt and backs off, so the application's queries
 * (which queue behind the waiting DDL) are never held longer than that; when the blocker ends
 * the run completes, and the audit log records each retry with its SQLSTATE.
 */
@ExtendWith(PgDatabaseExtension.class)
class LockQueueIT {
    private static final int ROWS = 5000;
    @TempDir
    Path tmp;

    @Test
    void applicationQueriesNeverWaitLongerThanLockTimeoutWhileExpandRetries(TestDatabase db) throws Exception {
        EngineFixture.createUsersLike(db, "lockq", ROWS);
        Path file = EngineFixture.write(tmp, "lockq.yaml", "name: lockq\n"
                + "settings: {lock_timeout: 500ms, lock_retries: {max_attempts: 60, initial_backoff: 200ms, max_backoff: 1s}}\n"
                + "expand:\n  - add_column: {table: lockq, column: nickname, type: text}\n");
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong worstMs = new AtomicLong();
        AtomicLong queries = new AtomicLong();
        try (Connection blocker = db.connect()) {
            blocker.setAutoCommit(false);
            try (Statement st = blocker.createStatement()) {
                st.execute("SELECT * FROM lockq WHERE id = 1 FOR UPDATE"); // then idle in transaction
            }
            CompletableFuture<Void> probe = CompletableFuture.runAsync(() -> probe(db, stop, worstMs, queries));
            CompletableFuture<Cli.Result> apply = CompletableFuture.supplyAsync(() -> EngineFixture.apply(db, file));
            EngineFixture.waitFor(db, "SELECT count(*) >= 2 FROM pgshift.audit_log WHERE action = 'STATEMENT_RETRIED'",
                    java.time.Duration.ofSeconds(30));
            Thread.sleep(1500);
            assertEquals("EXPANDING", EngineFixture.state(db, EngineFixture.runId(db, "lockq")), "still waiting for the lock");
            blocker.commit();
            Cli.Result result = apply.get(60, TimeUnit.SECONDS);
            stop.set(true);
            probe.get(10, TimeUnit.SECONDS);
            assertExitCode(0, result);
        }
        long runId = EngineFixture.runId(db, "lockq");
        assertTrue(queries.get() > 20, "the application kept querying: " + queries.get());
        assertTrue(worstMs.get() <= 1000, "an application query waited " + worstMs.get() + " ms (lock_timeout is 500 ms)");
        long retries = db.queryLong("SELECT count(*) FROM pgshift.audit_log WHERE run_id = " + runId
                + " AND action = 'STATEMENT_RETRIED' AND details->>'sqlstate' = '55P03'"
                + " AND details->>'step' = 'expand[0].add_column'");
        assertTrue(retries >= 2, retries + " retries audited with 55P03");
        assertEquals(1, db.queryLong("SELECT count(*) FROM pg_attribute WHERE attrelid = 'lockq'::regclass"
                + " AND attname = 'nickname'"));
        assertEquals("SUCCEEDED", EngineFixture.state(db, runId));
    }

    /** Short reads and updates of rows other than the blocker's, timing each. */
    private static void probe(TestDatabase db, AtomicBoolean stop, AtomicLong worstMs, AtomicLong queries) {
        try (Connection c = db.connect();
             PreparedStatement read = c.prepareStatement("SELECT name FROM lockq WHERE id = ?");
             PreparedStatement write = c.prepareStatement("UPDATE lockq SET name = name || '.' WHERE id = ?")) {
            while (!stop.get()) {
                PreparedStatement ps = queries.get() % 2 == 0 ? read : write;
                ps.setLong(1, 2 + ThreadLocalRandom.current().nextLong(ROWS - 1));
                long started = System.nanoTime();
                ps.execute();
                worstMs.accumulateAndGet((System.nanoTime() - started) / 1_000_000, Math::max);
                queries.incrementAndGet();
                Thread.sleep(20);
            }
        } catch (Exception e) {
            throw new IllegalStateException("application query failed", e);
        }
    }
}
