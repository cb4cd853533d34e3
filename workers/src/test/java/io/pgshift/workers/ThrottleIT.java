package io.pgshift.workers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.backfill.BackfillSpec;
import io.pgshift.backfill.BackfillState;
import io.pgshift.backfill.BackfillStatus;
import io.pgshift.backfill.BackfillTarget;
import io.pgshift.backfill.BatchSettings;
import io.pgshift.backfill.KeyColumn;
import io.pgshift.backfill.ThrottleSettings;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Sessions queueing for locks on the table hold the backfill, with the reason on the partition row. */
@ExtendWith(PgDatabaseExtension.class)
class ThrottleIT {
    @Test
    void holdsWhileSessionsWaitForLocksOnTheTableAndSaysWhy(TestDatabase db) throws Exception {
        BackfillFixture.migrate(db);
        BackfillFixture.createTable(db, "contended", 20_000);
        db.execute("UPDATE contended SET v = -1 WHERE id = 1"); // the hot row lies outside the backfill's where
        BackfillSpec spec = BackfillSpec.of("contended", new BackfillTarget("\"public\".\"contended\"",
                        List.of(new KeyColumn("id", "bigint")), Map.of("w", "v * 2"), "v >= 0"), "public.contended")
                .withBatch(new BatchSettings(200, 100, 200, 200, 10))
                .withThrottle(new ThrottleSettings(Duration.ofSeconds(5), 0));
        long id = BackfillFixture.create(db, spec, 1);
        BackfillService service = new BackfillService(db.url(), Clock.systemUTC());

        try (Connection holder = db.connect(); Statement s = holder.createStatement();
             WorkerNode node = BackfillFixture.startNode(db, "throttled-node", 1)) {
            holder.setAutoCommit(false);
            s.execute("SELECT * FROM contended WHERE id = 1 FOR UPDATE");
            // the second waiter queues on the tuple lock of the first: an ungranted lock on the table
            var waiters = List.of(CompletableFuture.runAsync(() -> db.execute("UPDATE contended SET v = v WHERE id = 1")),
                    CompletableFuture.runAsync(() -> db.execute("UPDATE contended SET v = v WHERE id = 1")));
            BackfillIT.waitFor(db, "SELECT count(*) > 0 FROM pg_locks WHERE relation = 'contended'::regclass AND NOT granted");

            service.schedule(node.scheduler(), id);
            BackfillIT.waitFor(db, "SELECT state = 'THROTTLED' FROM pgshift.backfill_partition WHERE backfill_id = " + id);
            String reason = service.status(id).partitions().get(0).pausedReason();
            assertTrue(reason.contains("sessions waiting for a lock on the table > 0"), reason);
            assertEquals("{LOCK_WAITERS}", String.valueOf(db.queryValue("SELECT throttle_reasons::text"
                    + " FROM pgshift.backfill_partition WHERE backfill_id = " + id)), "the kind is recorded beside the words");
            long scanned = service.status(id).rowsScanned();
            Thread.sleep(500);
            assertEquals(scanned, service.status(id).rowsScanned(), "no batch while throttled");

            holder.rollback();
            CompletableFuture.allOf(waiters.toArray(CompletableFuture[]::new)).get();
            BackfillStatus status = service.awaitFinished(id, Duration.ofSeconds(60), Duration.ofMillis(100));
            assertEquals(BackfillState.SUCCEEDED, status.state());
            assertNull(status.partitions().get(0).pausedReason(), "the reason is cleared once it runs again");
            assertNull(db.queryValue("SELECT throttle_reasons FROM pgshift.backfill_partition WHERE backfill_id = " + id),
                    "and so are its kinds");
        }
        assertEquals(0, db.queryLong("SELECT count(*) FROM contended WHERE v >= 0 AND w IS DISTINCT FROM v * 2"));
    }
}
