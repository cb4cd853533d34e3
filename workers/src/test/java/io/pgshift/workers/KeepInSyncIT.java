package io.pgshift.workers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.backfill.BackfillState;
import io.pgshift.backfill.BackfillStatus;
import io.pgshift.backfill.BatchSettings;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Writers insert and update rows during the whole backfill; with the sync trigger, no row ends up wrong. */
@ExtendWith(PgDatabaseExtension.class)
class KeepInSyncIT {
    private static final int ROWS = 30_000;

    @Test
    void rowsWrittenDuringTheBackfillEndUpRight(TestDatabase db) throws Exception {
        BackfillFixture.migrate(db);
        BackfillFixture.createTable(db, "busy", ROWS);
        // stands in for the keep_in_sync trigger the planner generates
        db.execute("CREATE FUNCTION busy_sync() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                + " NEW.w := NEW.v * 2; RETURN NEW; END $$;"
                + "CREATE TRIGGER busy_sync BEFORE INSERT OR UPDATE ON busy FOR EACH ROW EXECUTE FUNCTION busy_sync()");
        long id = BackfillFixture.create(db, BackfillFixture.spec("busy", new BatchSettings(300, 100, 300, 300, 10)), 3);

        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong writes = new AtomicLong();
        ExecutorService writers = Executors.newFixedThreadPool(3);
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            long firstNewId = ROWS + 1_000_000L * (w + 1);
            running.add(writers.submit(() -> write(db, firstNewId, stop, writes)));
        }
        try (WorkerNode node = BackfillFixture.startNode(db, "sync-node", 3)) {
            Thread.sleep(200); // writers are already busy when the backfill starts
            new BackfillService(db.url(), Clock.systemUTC()).schedule(node.scheduler(), id);
            BackfillStatus status = new BackfillService(db.url(), Clock.systemUTC())
                    .awaitFinished(id, Duration.ofSeconds(60), Duration.ofMillis(100));
            assertEquals(BackfillState.SUCCEEDED, status.state());
            Thread.sleep(200); // and still busy after it ends
        } finally {
            stop.set(true);
            for (Future<?> f : running) {
                f.get();
            }
            writers.shutdown();
        }
        assertTrue(writes.get() > 500, "writers ran during the backfill: " + writes.get() + " writes");
        assertTrue(db.queryLong("SELECT count(*) FROM busy") > ROWS, "rows were inserted meanwhile");
        assertEquals(0, BackfillFixture.wrongRows(db, "busy"));
    }

    /** Updates v of random existing rows and inserts new rows, each in its own transaction. */
    private static Void write(TestDatabase db, long firstNewId, AtomicBoolean stop, AtomicLong writes) throws SQLException {
        try (Connection c = db.connect();
             PreparedStatement update = c.prepareStatement("UPDATE busy SET v = v + 1 WHERE id = ?");
             PreparedStatement insert = c.prepareStatement("INSERT INTO busy (id, v) VALUES (?, ?)")) {
            long nextId = firstNewId;
            ThreadLocalRandom random = ThreadLocalRandom.current();
            while (!stop.get()) {
                if (random.nextInt(4) == 0) {
                    insert.setLong(1, nextId++);
                    insert.setInt(2, random.nextInt(1000));
                    insert.executeUpdate();
                } else {
                    update.setLong(1, 1 + random.nextInt(ROWS));
                    update.executeUpdate();
                }
                writes.incrementAndGet();
            }
        }
        return null;
    }
}
