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
            BackfillFixture.migrate(cluster);
            BackfillFixture.createTable(cluster, "behind", ROWS);
            long id = BackfillFixture.create(cluster, BackfillFixture.spec("behind", new BatchSettings(200, 100, 200, 200, 30)), 2);
            pair.awaitCaughtUp();
            pair.detachStandby();

            try (WorkerNode node = BackfillFixture.startNode(cluster, "behind-node", 2)) {
                BackfillService service = new BackfillService(cluster.url(), Clock.systemUTC());
                service.schedule(node.scheduler(), id);
                pair.primary().waitFor("SELECT sum(rows_scanned) >= 3000 FROM pgshift.backfill_partition WHERE backfill_id = "
                        + id, Duration.ofSeconds(60));
                pair.crashPrimary();
                pair.promoteStandby();
                TestDatabase promoted = pair.standby();
                assertEquals("PENDING", promoted.queryValue("SELECT state FROM pgshift.backfill WHERE id = " + id),
                        "the promoted server never saw the backfill start");

                BackfillStatus status = service.awaitFinished(id, Duration.ofSeconds(60), Duration.ofMillis(250));

                assertEquals(BackfillState.SUCCEEDED, status.state(), "partitions: " + status.partitions());
                assertEquals(0, BackfillFixture.wrongRows(promoted, "behind"));
            }
        }
    }
}
