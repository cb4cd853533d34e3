package io.pgshift.workers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pgshift.backfill.BackfillState;
import io.pgshift.backfill.BackfillStatus;
import io.pgshift.backfill.BatchSettings;
import io.pgshift.testing.StandbyPair;
import io.pgshift.testing.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A failover mid-backfill to a standby that had not received the primary's last commits
 * (asynchronous replication). The standby is cut off before the backfill starts, so on the
 * promoted server the backfill is still PENDING and its partitions have no checkpoint, while in
 * this process their jobs are in the middle of a batch: they retry it there, and the backfill
 * must end SUCCEEDED with exact data. Before, the partitions finished but the backfill stayed
 * PENDING for good (only its first batch's start moved it to RUNNING, and a partition's end
 * settled only a RUNNING backfill): a driver waiting for its end waited for ever, as an
 * orchestrator failover test did now and then when the standby lagged by a few commits.
 */
class StandbyBehindIT {
    private static final int ROWS = 20_000;

    @Test
    void aBackfillWhoseStartTheFailoverLostEndsOnThePromotedServer() throws Exception {
        try (StandbyPair pair = StandbyPair.start()) {
            TestDatabase cluster = pair.cluster();
            long id = backfill(cluster, "behind");
            pair.awaitCaughtUp();
            pair.detachStandby();

            try (WorkerNode node = BackfillFixture.startNode(cluster, "behind-node", 2)) {
                BackfillService service = new BackfillService(cluster.url(), Clock.systemUTC());
                service.schedule(node.scheduler(), id);
                pair.primary().waitFor("SELECT sum(rows_scanned) >= 3000 FROM pgshift.backfill_partition WHERE backfill_id = "
                        + id, Duration.ofSeconds(60));
                assertEquals("PENDING", pair.standby().queryValue("SELECT state FROM pgshift.backfill WHERE id = " + id),
                        "the standby never saw the backfill start");
                pair.crashPrimary();
                pair.promoteStandby();
                TestDatabase promoted = pair.standby();

                BackfillStatus status = service.awaitFinished(id, Duration.ofSeconds(60), Duration.ofMillis(250));

                assertEquals(BackfillState.SUCCEEDED, status.state(), "partitions: " + status.partitions());
                assertEquals(0, BackfillFixture.wrongRows(promoted, "behind"));
            }
        }
    }

    /**
     * The partitions' jobs start (and that replicates), then the standby is cut off and the
     * backfill ends on the primary: on the promoted server the partitions are still RUNNING at an
     * old checkpoint, and Quartz still has their jobs executing on this node, whose executions
     * ended long ago. Scheduling the backfill again, as the run's driver does when it drives again
     * after the outage, must finish it there.
     */
    @Test
    void partitionsWhoseEndTheFailoverLostRunAgainOnThePromotedServer() throws Exception {
        try (StandbyPair pair = StandbyPair.start()) {
            TestDatabase cluster = pair.cluster();
            long id = backfill(cluster, "ended");

            try (WorkerNode node = BackfillFixture.startNode(cluster, "ended-node", 2)) {
                BackfillService service = new BackfillService(cluster.url(), Clock.systemUTC());
                service.schedule(node.scheduler(), id);
                cluster.waitFor("SELECT count(*) = 2 FROM pgshift.backfill_partition WHERE backfill_id = " + id
                        + " AND rows_scanned >= 1000", Duration.ofSeconds(60));
                pair.awaitCaughtUp();
                pair.detachStandby();
                assertEquals(BackfillState.SUCCEEDED, service.awaitFinished(id, Duration.ofSeconds(60), Duration.ofMillis(100))
                        .state(), "ended on the primary");
                assertEquals("RUNNING", pair.standby().queryValue("SELECT state FROM pgshift.backfill WHERE id = " + id),
                        "the standby never saw the backfill end");
                pair.crashPrimary();
                pair.promoteStandby();
                TestDatabase promoted = pair.standby();

                service.schedule(node.scheduler(), id);
                BackfillStatus status = service.awaitFinished(id, Duration.ofSeconds(60), Duration.ofMillis(250));

                assertEquals(BackfillState.SUCCEEDED, status.state(), "partitions: " + status.partitions());
                assertEquals(0, BackfillFixture.wrongRows(promoted, "ended"));
            }
        }
    }

    /** A table of {@link #ROWS} rows and its backfill in two partitions of 200-row batches 30 ms apart, not started. */
    private static long backfill(TestDatabase cluster, String table) throws Exception {
        BackfillFixture.migrate(cluster);
        BackfillFixture.createTable(cluster, table, ROWS);
        return BackfillFixture.create(cluster, BackfillFixture.spec(table, new BatchSettings(200, 100, 200, 200, 30)), 2);
    }
}
