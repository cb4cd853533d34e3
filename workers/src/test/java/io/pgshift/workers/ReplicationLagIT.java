package io.pgshift.workers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.backfill.BackfillState;
import io.pgshift.backfill.BackfillStatus;
import io.pgshift.backfill.BatchSettings;
import io.pgshift.backfill.ThrottleSettings;
import io.pgshift.testing.StandbyPair;
import io.pgshift.testing.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A real streaming standby whose replay is paused: the backfill holds, saying why, for as long as
 * the standby does not replay (its replay_lag in pg_stat_replication keeps growing), goes on to
 * the end once replay resumes, and the standby then holds exactly the primary's data.
 */
class ReplicationLagIT {
    @Test
    void holdsWhileAStandbyDoesNotReplayAndFinishesWhenItCatchesUp() throws Exception {
        try (StandbyPair pair = StandbyPair.start()) {
            TestDatabase primary = pair.primary();
            TestDatabase standby = pair.standby();
            BackfillFixture.migrate(primary);
            BackfillFixture.createTable(primary, "replicated", 30_000);
            long id = BackfillFixture.create(primary, BackfillFixture.spec("replicated",
                            new BatchSettings(500, 20, 500, 500, 40))
                    .withThrottle(new ThrottleSettings(Duration.ofSeconds(1), 100)), 1);
            BackfillService service = new BackfillService(primary.url(), Clock.systemUTC());
            caughtUp(primary, standby);
            assertEquals(30_000, standby.queryLong("SELECT count(*) FROM replicated"));

            standby.execute("SELECT pg_wal_replay_pause()");
            try (WorkerNode node = BackfillFixture.startNode(primary, "lag-node", 1)) {
                service.schedule(node.scheduler(), id);
                BackfillIT.waitFor(primary, "SELECT state = 'THROTTLED' FROM pgshift.backfill_partition WHERE backfill_id = "
                        + id);
                String reason = service.status(id).partitions().get(0).pausedReason();
                assertTrue(reason.startsWith("replication lag ") && reason.endsWith(" ms > 1000 ms"), reason);
                long written = service.status(id).rowsWritten();
                assertTrue(written > 0 && written < 30_000, "some batches ran before the lag showed: " + written);
                Thread.sleep(2000);
                assertEquals(written, service.status(id).rowsWritten(), "no batch while the standby does not replay");

                standby.execute("SELECT pg_wal_replay_resume()");
                BackfillStatus status = service.awaitFinished(id, Duration.ofSeconds(120), Duration.ofMillis(100));
                assertEquals(BackfillState.SUCCEEDED, status.state());
            }
            assertEquals(0, BackfillFixture.wrongRows(primary, "replicated"));
            caughtUp(primary, standby);
            assertEquals(0, BackfillFixture.wrongRows(standby, "replicated"), "the standby has every row filled");
        }
    }

    /** Waits until the standby has replayed everything the primary has written so far. */
    private static void caughtUp(TestDatabase primary, TestDatabase standby) throws InterruptedException {
        String lsn = String.valueOf(primary.queryValue("SELECT pg_current_wal_lsn()"));
        BackfillIT.waitFor(standby, "SELECT pg_last_wal_replay_lsn() >= '" + lsn + "'::pg_lsn");
    }
}
