package io.pgshift.engine;

import static io.pgshift.engine.EngineFixture.assertExitCode;
import static io.pgshift.engine.EngineFixture.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.cli.Cli;
import io.pgshift.testing.StandbyPair;
import io.pgshift.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failover in the middle of {@code pgshift apply}: the primary of a streaming pair is gone at
 * once (mid-backfill), and for some seconds only its standby answers at the cluster's address,
 * still in recovery, before a failover manager promotes it. pgshift's reconnections must not
 * settle on the standby (every write there fails with 25006, read-only transaction, which would
 * fail the run's partitions and steps for good): they wait, as for an outage, until a primary
 * answers, and the same apply finishes the run on the promoted server with exact data. The
 * address names both servers without {@code target_session_attrs}, as the JDBC driver's and
 * libpq's default (any server) leaves it. Before, the partitions and Quartz failed on the standby
 * with 25006 within a second of the crash, and the run with them.
 */
class FailoverIT {
    private static final int ROWS = 20_000;
    @TempDir
    Path tmp;

    @Test
    void applyWaitsForAPrimaryAndFinishesOnThePromotedStandby() throws Exception {
        try (StandbyPair pair = StandbyPair.start()) {
            TestDatabase cluster = pair.cluster();
            EngineFixture.createUsersLike(cluster, "failover", ROWS);
            Path file = EngineFixture.write(tmp, "failover.yaml", EngineFixture.preferencesPlaybook("failover", "failover", 500, 50));
            CompletableFuture<Cli.Result> apply = CompletableFuture.supplyAsync(() -> EngineFixture.apply(cluster, file));
            EngineFixture.waitFor(cluster, "SELECT coalesce(sum(p.rows_scanned), 0) > 2000 FROM pgshift.backfill_partition p"
                    + " JOIN pgshift.backfill b ON b.id = p.backfill_id WHERE b.run_id = " + run("failover"), Duration.ofSeconds(60));

            pair.crashPrimary();
            // the partitions, the driver and the progress line reconnect meanwhile: only the standby answers
            Thread.sleep(8_000);
            pair.promoteStandby();

            Cli.Result result = EngineFixture.awaitApply(apply, cluster, 180);
            assertExitCode(0, result);
            assertEquals("SUCCEEDED", EngineFixture.state(cluster, EngineFixture.runId(cluster, "failover")));
            assertEquals(0, EngineFixture.wrongPreferences(cluster, "failover"));
            assertEquals(1, cluster.queryLong("SELECT count(*) FROM pg_attribute WHERE attrelid = 'failover'::regclass"
                    + " AND attname = 'preferences' AND attnotnull"), "the contract ran on the promoted server");
            assertEquals(0, cluster.queryLong("SELECT count(*) FROM pgshift.step_landmark"),
                    "with the state in the target its step rows fail over with it: no landmarks (LostCommitsIT)");
        }
    }

    /**
     * The primary fails while an expand step waits for its lock behind an application's open
     * transaction, attempt after attempt: the step runs again on the promoted server behind its
     * guard (whatever of it had replicated), and the run finishes there.
     */
    @Test
    void anExpandStepWaitingForItsLockRunsAgainOnThePromotedStandby() throws Exception {
        try (StandbyPair pair = StandbyPair.start()) {
            TestDatabase cluster = pair.cluster();
            EngineFixture.createUsersLike(cluster, "expanded", 2_000);
            Path file = EngineFixture.write(tmp, "expanded.yaml", EngineFixture.preferencesPlaybook("expanded", "expanded", 500, 0));
            CompletableFuture<Cli.Result> apply;
            try (Connection reader = pair.primary().connect()) {
                EngineFixture.holdOpen(reader, "expanded"); // ADD COLUMN (ACCESS EXCLUSIVE) is not requested behind it
                apply = CompletableFuture.supplyAsync(() -> EngineFixture.apply(cluster, file));
                EngineFixture.awaitRetried(cluster, "expanded", "EXPANDING", "expand");
                pair.crashPrimary(); // the reader's session goes with it
            }
            Thread.sleep(8_000);
            pair.promoteStandby();

            Cli.Result result = EngineFixture.awaitApply(apply, cluster, 180);
            assertExitCode(0, result);
            assertEquals("SUCCEEDED", EngineFixture.state(cluster, EngineFixture.runId(cluster, "expanded")));
            assertEquals(0, EngineFixture.wrongPreferences(cluster, "expanded"), "the column added on the promoted server, and filled");
        }
    }

    /** A replica's address given by mistake: one line that says so and what to give instead, exit 6 (database). */
    @Test
    void applyToAStandbysAddressSaysThereIsNoPrimary() throws Exception {
        try (StandbyPair pair = StandbyPair.start()) {
            TestDatabase primary = pair.primary();
            EngineFixture.createUsersLike(primary, "replicated", 100);
            Path file = EngineFixture.write(tmp, "replicated.yaml", EngineFixture.preferencesPlaybook("replicated", "replicated", 50, 0));
            EngineFixture.waitFor(pair.standby(), "SELECT to_regclass('replicated') IS NOT NULL", Duration.ofSeconds(30));

            Cli.Result result = Cli.run("apply", file.toString(), "--database-url", pair.standbyAddress(), "--actor", "engine-test");

            assertExitCode(6, result);
            assertTrue(result.err().contains("no primary at 127.0.0.1:") && result.err().contains("standby"), result.err());
            assertEquals(1, result.err().strip().lines().count(), result.err());
            assertEquals(0, primary.queryLong("SELECT count(*) FROM pg_namespace WHERE nspname = 'pgshift'"),
                    "nothing written anywhere");
        }
    }
}
