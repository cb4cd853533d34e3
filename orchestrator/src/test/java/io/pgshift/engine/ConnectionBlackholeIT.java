package io.pgshift.engine;

import static io.pgshift.engine.EngineFixture.assertExitCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.cli.Cli;
import io.pgshift.ops.SiblingDatabase;
import io.pgshift.testing.BlackholeProxy;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The target's network stops forwarding without a reset or a FIN (a {@link BlackholeProxy}: the
 * half-open failure of a firewall or a failover) in the middle of an index build, of the backfill
 * and of the gate's null count. Each time the run notices within its socket timeouts (its
 * statement timeouts outlasted: 1 s and 2 s here), stays in its phase with the reason on the run
 * (shown by {@code pgshift status}, audited {@code WAITING_FOR_DATABASE} once per outage, the step
 * RUNNING and nothing FAILED), and goes on by itself once the network forwards again: no resume.
 * The backfill's outage ends as a failover does, the connections open before it silent for ever
 * (their sessions left on the server, a batch's transaction ended by the idle bound); the
 * others' end with the held bytes delivered.
 * It ends SUCCEEDED with every row right and no INVALID index.
 *
 * <p>Only the target goes through the proxy; the state database is reached directly, as with
 * {@code --state-database-url} on another host. That is where a waiting run can say why: with the
 * state in the blackholed target too, nothing can be recorded anywhere (and Quartz's store is cut
 * off as well), so the driver only rides the outage out and logs it.
 */
@ExtendWith(PgDatabaseExtension.class)
class ConnectionBlackholeIT {
    private static final int ROWS = 60_000;
    /**
     * Statement timeouts of 1 s and 2 s give socket timeouts of 2 s and 3 s; an index build's
     * outage also costs a reconnect's login (2 s). Generous for a busy machine, far from "for ever".
     */
    private static final Duration NOTICED_WITHIN = Duration.ofSeconds(15);
    private static final Duration GOES_ON_WITHIN = Duration.ofSeconds(30);
    private static final String PLAYBOOK = """
            name: blackhole
            settings:
              lock_timeout: 200ms
              statement_timeout: 1s
              scan_statement_timeout: 2s
              lock_retries: {max_attempts: 100, initial_backoff: 100ms, max_backoff: 300ms}
            expand:
              - add_column: {table: t_hole, column: doubled, type: bigint}
              - create_index: {table: t_hole, columns: [doubled], name: t_hole_doubled_idx}
            backfill:
              - table: t_hole
                set: {doubled: "n * 2"}
                keep_in_sync: true
                batch: {size: 5000, min_size: 5000, max_size: 5000, target_ms: 1, pause_ms: 1000}
            contract:
              - set_not_null: {table: t_hole, column: doubled}
            """;

    @TempDir
    Path tmp;

    @Test
    void aRunWaitsWithItsReasonWhileTheTargetIsBlackholedAndGoesOnByItselfWhenItForwardsAgain(TestDatabase db)
            throws Exception {
        db.execute("CREATE TABLE t_hole (id bigserial PRIMARY KEY, n int NOT NULL);"
                + " INSERT INTO t_hole (n) SELECT g FROM generate_series(1, " + ROWS + ") g; ANALYZE t_hole");
        Path file = EngineFixture.write(tmp, "blackhole.yaml", PLAYBOOK);
        try (SiblingDatabase state = SiblingDatabase.create(db, "state");
             BlackholeProxy proxy = BlackholeProxy.inFrontOf(db.url())) {
            Outages outages = new Outages(state, proxy);
            CompletableFuture<Cli.Result> apply = CompletableFuture.supplyAsync(() -> Cli.run("apply", file.toString(),
                    "--database-url", proxy.route(db.jdbcUrlForChild()), "--state-database-url", state.jdbcUrl(),
                    "--actor", "blackhole-test"));

            // mid-expand: the index build waits for an old snapshot when the network goes
            try (Connection snapshot = db.connect(); Statement s = snapshot.createStatement()) {
                snapshot.setAutoCommit(false);
                s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
                s.execute("SELECT 1");
                waitFor(() -> db.queryLong("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'pgshift-exec'"
                        + " AND state = 'active' AND query ILIKE 'CREATE INDEX CONCURRENTLY%'") == 1, "the index build");
                outages.blackhole();
                outages.awaitWaiting("EXPANDING", 1);
                assertEquals("RUNNING", outages.step("create_index"), "the step waits, it did not fail");
                assertEquals(1, db.queryLong("SELECT count(*) FROM pg_index WHERE NOT indisvalid"),
                        "the build, cut short by its statement timeout meanwhile, left an INVALID index behind");
                snapshot.commit();
            }
            outages.holdAndRestore("EXPANDING");
            waitFor(() -> !"EXPANDING".equals(outages.runState()), "the run to go on past expand");

            // mid-backfill: partitions between batches, the driver polling their progress
            waitFor(() -> db.queryLong("SELECT coalesce(sum(rows_scanned), 0) FROM pgshift.backfill_partition") >= 10_000,
                    "the backfill to make progress");
            outages.blackhole();
            outages.awaitWaiting("BACKFILLING", 2);
            assertTrue(db.queryLong("SELECT sum(rows_scanned) FROM pgshift.backfill_partition") < ROWS, "mid-backfill");
            outages.holdAndFailOver("BACKFILLING");
            waitFor(() -> state.queryValue("SELECT waiting_reason FROM pgshift.run") == null, "the driver to work again");

            // mid-gate: between two chunks of the null count
            waitFor(() -> Boolean.TRUE.equals(state.queryValue("SELECT state = 'VERIFYING' AND jsonb_path_exists(gate_report,"
                    + " '$.cursors.* ? (@.rowsChecked > 0 && @.done == false)') FROM pgshift.run")), "the gate's first chunk");
            outages.blackhole();
            outages.awaitWaiting("VERIFYING", 3);
            outages.holdAndRestore("VERIFYING");

            Cli.Result result = apply.get(GOES_ON_WITHIN.toSeconds() * 2, TimeUnit.SECONDS);
            assertExitCode(0, result);
            assertEquals("SUCCEEDED", outages.runState());
            assertNull(state.queryValue("SELECT waiting_reason FROM pgshift.run"), "nothing left waiting");
            assertEquals(0, state.queryLong("SELECT count(*) FROM pgshift.audit_log WHERE action = 'FAILED'"));
            assertEquals(0, db.queryLong("SELECT count(*) FROM t_hole WHERE doubled IS DISTINCT FROM n * 2"), "wrong rows");
            assertEquals(0, db.queryLong("SELECT count(*) FROM pg_index WHERE NOT indisvalid"), "INVALID indexes");
            assertEquals(1, db.queryLong("SELECT count(*) FROM pg_indexes WHERE indexname = 't_hole_doubled_idx'"));
            assertTrue(db.queryLong("SELECT sum(retries) FROM pgshift.backfill_partition") >= 1,
                    "the batches retried across the outage");
        }
    }

    /** The proxy and what a run shows while it cannot reach its target. */
    private static final class Outages {
        private final SiblingDatabase state;
        private final BlackholeProxy proxy;
        private long blackholedAt;

        Outages(SiblingDatabase state, BlackholeProxy proxy) {
            this.state = state;
            this.proxy = proxy;
        }

        void blackhole() {
            proxy.blackhole();
            blackholedAt = System.nanoTime();
        }

        /**
         * The run notices in time, stays in {@code phase} with the reason recorded (status shows it),
         * audited once for this outage ({@code outages} so far), and nothing failed.
         */
        void awaitWaiting(String phase, int outages) throws InterruptedException {
            long deadline = blackholedAt + NOTICED_WITHIN.toNanos();
            while (reason() == null) {
                assertTrue(System.nanoTime() < deadline, "the run did not notice the outage within " + NOTICED_WITHIN);
                Thread.sleep(20);
            }
            String reason = reason();
            assertTrue(reason.startsWith("target database unreachable since "), reason);
            assertEquals(phase, runState());
            assertEquals(outages, audited("WAITING_FOR_DATABASE"), "one audit row per outage");
            assertEquals(0, audited("FAILED"));
            Cli.Result status = Cli.run("status", "1", "--state-database-url", state.jdbcUrl());
            assertExitCode(0, status);
            assertTrue(status.out().contains("waiting: target database unreachable"), status.out());
        }

        /** The run keeps waiting while the network is out, then the network forwards again. */
        void holdAndRestore(String phase) throws InterruptedException {
            hold(phase);
            proxy.restore();
        }

        /**
         * The run keeps waiting while the network is out, then new connections are answered while
         * the old ones stay silent for ever (a failover, a firewall that lost its state for good).
         */
        void holdAndFailOver(String phase) throws InterruptedException {
            hold(phase);
            proxy.restoreForNewConnectionsOnly();
        }

        private void hold(String phase) throws InterruptedException {
            Thread.sleep(1500);
            assertEquals(phase, runState(), "still waiting in its phase");
            assertTrue(reason() != null, "still saying why");
            assertEquals(0, audited("FAILED"));
        }

        String runState() {
            return (String) state.queryValue("SELECT state FROM pgshift.run");
        }

        String step(String kind) {
            return (String) state.queryValue("SELECT state FROM pgshift.step WHERE path LIKE '%." + kind + "'");
        }

        private String reason() {
            return (String) state.queryValue("SELECT waiting_reason FROM pgshift.run");
        }

        private long audited(String action) {
            return state.queryLong("SELECT count(*) FROM pgshift.audit_log WHERE action = '" + action + "'");
        }
    }

    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + GOES_ON_WITHIN.toNanos();
        while (!safely(condition)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + GOES_ON_WITHIN + " waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    /** pgshift's tables may not exist yet while the run is submitted. */
    private static boolean safely(BooleanSupplier condition) {
        try {
            return condition.getAsBoolean();
        } catch (IllegalStateException notYet) {
            return false;
        }
    }
}
