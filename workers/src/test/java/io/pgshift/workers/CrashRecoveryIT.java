package io.pgshift.workers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.backfill.BackfillState;
import io.pgshift.backfill.BackfillStatus;
import io.pgshift.backfill.BatchSettings;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.quartz.impl.StdSchedulerFactory;

/** kill -9 (and SIGTERM) of worker JVMs mid-backfill: nothing lost, nothing written twice, final data exact. */
@ExtendWith(PgDatabaseExtension.class)
class CrashRecoveryIT {
    private static final int ROWS = 40_000;
    private static final int BATCH = 200;
    private static final int PARTITIONS = 2;

    @Test
    void resumesFromCheckpointAfterKill(TestDatabase db) throws Exception {
        BackfillFixture.migrate(db);
        BackfillFixture.createTable(db, "crashy", ROWS);
        BackfillFixture.auditUpdates(db, "crashy");
        // fixed 200-row batches with a 20 ms pace: ~100 batches per partition, a few seconds in all
        long id = BackfillFixture.create(db, BackfillFixture.spec("crashy", new BatchSettings(BATCH, 100, BATCH, BATCH, 20)),
                PARTITIONS);
        scheduleFromHere(db, id);

        try (WorkerProcess first = WorkerProcess.start(db, "crash-a", 2)) {
            BackfillIT.waitFor(db, "SELECT sum(rows_scanned) >= 8000 FROM pgshift.backfill_partition WHERE backfill_id = " + id);
            first.kill();
            assertTrue(!first.isAlive());
        }
        long atKill = db.queryLong("SELECT sum(rows_scanned) FROM pgshift.backfill_partition WHERE backfill_id = " + id);
        assertTrue(atKill < ROWS, "killed mid-way, " + atKill + " rows done");
        assertEquals(PARTITIONS, db.queryLong("SELECT count(*) FROM pgshift.backfill_partition WHERE backfill_id = " + id
                + " AND state = 'RUNNING' AND node = 'crash-a'"), "the dead node's partitions still look running");

        try (WorkerProcess second = WorkerProcess.start(db, "crash-b", 2)) {
            BackfillStatus status = await(db, id, second);
            assertEquals(BackfillState.SUCCEEDED, status.state(), second.output());
            assertEquals(ROWS, status.rowsScanned(), "no row scanned twice in a committed batch");
            assertEquals(ROWS, status.rowsWritten());
            assertTrue(status.partitions().stream().allMatch(p -> "crash-b".equals(p.node())));
        }
        assertEquals(0, BackfillFixture.wrongRows(db, "crashy"));
        assertEquals(ROWS, db.queryLong("SELECT count(*) FROM crashy_updates"), "each row written by exactly one committed batch");
        assertEquals(ROWS, db.queryLong("SELECT count(DISTINCT id) FROM crashy_updates"));
        // every committed batch was full except at most the last of each partition
        long batches = db.queryLong("SELECT sum(batches) FROM pgshift.backfill_partition WHERE backfill_id = " + id);
        assertTrue(batches <= ROWS / BATCH + PARTITIONS, batches + " batches");
    }

    @Test
    void aWorkerStoppedWithSigtermHandsItsPartitionsBackAndTheNextOneFinishes(TestDatabase db) throws Exception {
        BackfillFixture.migrate(db);
        BackfillFixture.createTable(db, "stopped", ROWS);
        BackfillFixture.auditUpdates(db, "stopped");
        long id = BackfillFixture.create(db, BackfillFixture.spec("stopped", new BatchSettings(BATCH, 100, BATCH, BATCH, 20)),
                PARTITIONS);
        scheduleFromHere(db, id);
        try (WorkerProcess first = WorkerProcess.start(db, "stop-a", 2)) {
            BackfillIT.waitFor(db, "SELECT sum(rows_scanned) >= 8000 FROM pgshift.backfill_partition WHERE backfill_id = " + id);
            assertTrue(first.stop(30), "the worker stops on SIGTERM:\n" + first.output());
        }
        long atStop = db.queryLong("SELECT sum(rows_scanned) FROM pgshift.backfill_partition WHERE backfill_id = " + id);
        assertTrue(atStop < ROWS, "stopped mid-way, " + atStop + " rows done");
        assertEquals(0, db.queryLong("SELECT count(*) FROM pgshift.backfill_partition WHERE backfill_id = " + id
                + " AND state IN ('FAILED', 'CANCELLED')"), "handed back, not failed");

        try (WorkerProcess second = WorkerProcess.start(db, "stop-b", 2)) {
            BackfillStatus status = await(db, id, second);
            assertEquals(BackfillState.SUCCEEDED, status.state(), second.output());
            assertEquals(ROWS, status.rowsWritten());
        }
        assertEquals(0, BackfillFixture.wrongRows(db, "stopped"));
        assertEquals(ROWS, db.queryLong("SELECT count(*) FROM stopped_updates"), "each row written by exactly one committed batch");
    }

    @Test
    void anotherNodeFinishesTheWorkOfAKilledOne(TestDatabase db) throws Exception {
        BackfillFixture.migrate(db);
        BackfillFixture.createTable(db, "failover", ROWS);
        // 100-row batches, 30 ms pace: each partition takes several seconds, so both nodes are busy when one dies
        long id = BackfillFixture.create(db, BackfillFixture.spec("failover", new BatchSettings(100, 100, 100, 100, 30)), 4);
        try (WorkerProcess a = WorkerProcess.start(db, "node-a", 2); WorkerProcess b = WorkerProcess.start(db, "node-b", 2)) {
            BackfillIT.waitFor(db, "SELECT count(*) = 2 FROM pgshift.qrtz_scheduler_state");
            scheduleFromHere(db, id);
            BackfillIT.waitFor(db, "SELECT count(DISTINCT node) = 2 AND sum(rows_scanned) >= 2000"
                    + " FROM pgshift.backfill_partition WHERE backfill_id = " + id + " AND state = 'RUNNING'");
            a.kill();
            long onA = db.queryLong("SELECT count(*) FROM pgshift.backfill_partition WHERE backfill_id = " + id
                    + " AND node = 'node-a' AND state = 'RUNNING'");
            assertTrue(onA > 0, "node-a had partitions when it died");

            BackfillStatus status = await(db, id, b);
            assertEquals(BackfillState.SUCCEEDED, status.state(), b.output());
            assertEquals(ROWS, status.rowsScanned());
            assertTrue(status.partitions().stream().allMatch(p -> "node-b".equals(p.node())),
                    "node-b finished every partition, including node-a's");
        }
        assertEquals(0, BackfillFixture.wrongRows(db, "failover"));
    }

    /** Schedules the jobs through a client-only scheduler: this JVM runs no jobs, the worker processes do. */
    private static void scheduleFromHere(TestDatabase db, long id) throws Exception {
        var props = new io.pgshift.quartz.QuartzConfig("test-client", 1, BackfillFixture.CHECKIN, Duration.ofSeconds(60))
                .toProperties();
        org.quartz.utils.DBConnectionManager.getInstance().addConnectionProvider(io.pgshift.quartz.QuartzConfig.DATA_SOURCE,
                new io.pgshift.quartz.HikariConnectionProvider(db.url(), 2, "test-client"));
        var scheduler = new StdSchedulerFactory(props).getScheduler(); // never started: it only writes jobs
        try {
            new BackfillService(db.url(), Clock.systemUTC()).schedule(scheduler, id);
        } finally {
            scheduler.shutdown();
        }
    }

    private static BackfillStatus await(TestDatabase db, long id, WorkerProcess worker) throws Exception {
        try {
            return new BackfillService(db.url(), Clock.systemUTC()).awaitFinished(id, Duration.ofSeconds(90), Duration.ofMillis(200));
        } catch (TimeoutException e) {
            throw new AssertionError(e.getMessage() + "\nworker output:\n" + worker.output(), e);
        }
    }
}
