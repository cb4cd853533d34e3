package io.pgshift.workers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.backfill.BackfillState;
import io.pgshift.backfill.BackfillStatus;
import io.pgshift.backfill.BatchSettings;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The application keeps inserting rows at the end of the key space for the whole backfill. The
 * backfill's last partition ends at the key that was largest when it started, so it finishes
 * instead of chasing the inserts; every row that existed at the start is filled.
 */
@ExtendWith(PgDatabaseExtension.class)
class InsertsDuringBackfillIT {
    private static final int ROWS = 5_000;

    @Test
    void finishesWhileTheApplicationKeepsInsertingAtTheEnd(TestDatabase db) throws Exception {
        BackfillFixture.migrate(db);
        BackfillFixture.createTable(db, "growing", ROWS);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong inserted = new AtomicLong();
        Thread writer = new Thread(() -> {
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                for (long id = ROWS + 1; !stop.get(); id++) {
                    s.execute("INSERT INTO growing VALUES (" + id + ", " + (id % 1000) + ", NULL)");
                    inserted.incrementAndGet();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "inserting-application");
        try (WorkerNode node = BackfillFixture.startNode(db, "growing-node", 2)) {
            writer.start();
            while (inserted.get() < 200) {
                Thread.sleep(10);
            }
            long maxBefore = db.queryLong("SELECT max(id) FROM growing");
            long id = BackfillFixture.create(db, BackfillFixture.spec("growing", new BatchSettings(100, 20, 100, 100, 5)), 2);
            long maxAfter = db.queryLong("SELECT max(id) FROM growing");
            long maxAtStart = db.queryLong("SELECT (upper_key->>0)::bigint FROM pgshift.backfill_partition"
                    + " WHERE backfill_id = " + id + " ORDER BY partition_no DESC LIMIT 1");
            assertTrue(maxAtStart >= maxBefore && maxAtStart <= maxAfter,
                    "the last partition ends at the largest key at the start: " + maxAtStart + " not in [" + maxBefore
                            + ", " + maxAfter + "]");
            BackfillService service = new BackfillService(db.url(), Clock.systemUTC());
            service.schedule(node.scheduler(), id);
            BackfillStatus status = service.awaitFinished(id, Duration.ofSeconds(60), Duration.ofMillis(100));
            assertEquals(BackfillState.SUCCEEDED, status.state());
            assertTrue(inserted.get() > 500, "the application kept inserting during the backfill: " + inserted.get());
            assertEquals(0, db.queryLong("SELECT count(*) FROM growing WHERE id <= " + maxAtStart
                    + " AND w IS DISTINCT FROM v * 2"), "every row present at the start is filled");
        } finally {
            stop.set(true);
            writer.join(5_000);
        }
    }
}
