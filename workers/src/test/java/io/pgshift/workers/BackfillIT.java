package io.pgshift.workers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.backfill.BackfillEnd;
import io.pgshift.backfill.BackfillSpec;
import io.pgshift.backfill.BackfillState;
import io.pgshift.backfill.BackfillStatus;
import io.pgshift.backfill.BatchSettings;
import io.pgshift.backfill.PartitionProgress;
import io.pgshift.backfill.PartitionState;
import io.pgshift.backfill.Schedule;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.quartz.Trigger;

/** The engine end to end in one JVM: partitions, progress, pause, resume, cancel, schedule windows. */
@ExtendWith(PgDatabaseExtension.class)
class BackfillIT {
    private static WorkerNode node;
    private static BackfillService service;

    @BeforeAll
    static void start(TestDatabase db) throws Exception {
        BackfillFixture.migrate(db);
        node = BackfillFixture.startNode(db, "it-node", 4);
        service = new BackfillService(db.url(), Clock.systemUTC());
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    @Test
    void fillsEveryRowAcrossPartitionsAndReportsProgress(TestDatabase db) throws Exception {
        BackfillFixture.createTable(db, "fill_all", 20_000);
        db.execute("UPDATE fill_all SET w = v * 2 WHERE id % 10 = 0"); // already right: scanned, not written
        long id = BackfillFixture.create(db, BackfillFixture.spec("fill_all", new BatchSettings(500, 100, 100, 5000, 0)), 4);
        try (Connection driver = db.connect()) {
            BackfillEnd.listen(driver); // as a waiting driver does
            service.schedule(node.scheduler(), id);
            List<Long> ended = List.of();
            for (long deadline = System.nanoTime() + 60_000_000_000L; ended.isEmpty() && System.nanoTime() < deadline; ) {
                ended = BackfillEnd.await(driver, Duration.ofSeconds(10));
            }
            assertEquals(List.of(id), ended, "the driver hears of the backfill's end");
            assertEquals(BackfillState.SUCCEEDED, service.status(id).state(), "once it is committed");
        }
        BackfillStatus status = service.awaitFinished(id, Duration.ofSeconds(60), Duration.ofMillis(100));

        assertEquals(BackfillState.SUCCEEDED, status.state());
        assertEquals(0, BackfillFixture.wrongRows(db, "fill_all"));
        assertEquals(4, status.partitions().size());
        assertEquals(20_000, status.rowsScanned(), "every row scanned exactly once");
        assertEquals(18_000, status.rowsWritten());
        assertEquals(20_000, status.estimatedRows());
        assertEquals(1.0, status.fractionDone());
        assertEquals(Duration.ZERO, status.eta().orElseThrow());
        for (PartitionProgress p : status.partitions()) {
            assertEquals(PartitionState.DONE, p.state());
            assertEquals("it-node", p.node());
            assertNotNull(p.finishedAt());
            assertTrue(p.rowsPerSecond() > 0, "rate measured for partition " + p.partitionNo());
        }
    }

    @Test
    void pauseStopsAtABatchBoundaryAndResumeCarriesOn(TestDatabase db) throws Exception {
        BackfillFixture.createTable(db, "pausing", 20_000);
        // 200-row batches with a 20 ms pace: ~100 batches, a few seconds
        long id = BackfillFixture.create(db, BackfillFixture.spec("pausing", new BatchSettings(200, 100, 200, 200, 20)), 2);
        service.schedule(node.scheduler(), id);
        waitFor(db, "SELECT sum(rows_scanned) >= 2000 FROM pgshift.backfill_partition WHERE backfill_id = " + id);
        service.pause(id);
        waitFor(db, "SELECT bool_and(state = 'PAUSED') FROM pgshift.backfill_partition WHERE backfill_id = " + id);
        long scanned = service.status(id).rowsScanned();
        Thread.sleep(500);
        assertEquals(scanned, service.status(id).rowsScanned(), "nothing runs while paused");
        assertTrue(scanned < 20_000);
        assertEquals("paused by an operator", service.status(id).partitions().get(0).pausedReason());

        service.resume(node.scheduler(), id);
        BackfillStatus status = service.awaitFinished(id, Duration.ofSeconds(60), Duration.ofMillis(100));
        assertEquals(BackfillState.SUCCEEDED, status.state());
        assertEquals(20_000, status.rowsScanned());
        assertEquals(0, BackfillFixture.wrongRows(db, "pausing"));
    }

    @Test
    void cancelStopsEveryPartition(TestDatabase db) throws Exception {
        BackfillFixture.createTable(db, "cancelling", 20_000);
        long id = BackfillFixture.create(db, BackfillFixture.spec("cancelling", new BatchSettings(200, 100, 200, 200, 20)), 2);
        service.schedule(node.scheduler(), id);
        waitFor(db, "SELECT sum(rows_scanned) > 0 FROM pgshift.backfill_partition WHERE backfill_id = " + id);
        service.cancel(id);
        waitFor(db, "SELECT bool_and(state = 'CANCELLED') FROM pgshift.backfill_partition WHERE backfill_id = " + id);
        assertEquals(BackfillState.CANCELLED, service.status(id).state());
        assertTrue(BackfillFixture.wrongRows(db, "cancelling") > 0);
    }

    @Test
    void closedWindowParksPartitionsUntilTheNextOpening(TestDatabase db) throws Exception {
        BackfillFixture.createTable(db, "windowed", 1_000);
        int closedHour = (ZonedDateTime.now(ZoneOffset.UTC).getHour() + 2) % 24;
        BackfillSpec spec = BackfillFixture.spec("windowed", BatchSettings.DEFAULTS)
                .withSchedule(new Schedule("0 * " + closedHour + " ? * *", ZoneOffset.UTC));
        long id = BackfillFixture.create(db, spec, 2);
        service.schedule(node.scheduler(), id);
        waitFor(db, "SELECT bool_and(state = 'WAITING_FOR_WINDOW') FROM pgshift.backfill_partition WHERE backfill_id = " + id);
        assertEquals(1_000, BackfillFixture.wrongRows(db, "windowed"), "no batch ran outside the window");
        PartitionProgress p = service.status(id).partitions().get(0);
        assertTrue(p.pausedReason().startsWith("outside the schedule window 0 * " + closedHour), p.pausedReason());

        ZonedDateTime opening = ZonedDateTime.now(ZoneOffset.UTC).withMinute(0).withSecond(0).withNano(0)
                .withHour(closedHour);
        if (!opening.isAfter(ZonedDateTime.now(ZoneOffset.UTC))) {
            opening = opening.plusDays(1);
        }
        var triggers = node.scheduler().getTriggersOfJob(PartitionJob.key(id, 0));
        Date next = triggers.stream().map(Trigger::getNextFireTime).filter(d -> d != null).findFirst().orElseThrow();
        assertEquals(opening.toInstant(), next.toInstant(), "the job fires again when the window opens");
        service.cancel(id);
    }

    @Test
    void nonRetryableErrorFailsThePartitionWithItsErrorAndTheBackfill(TestDatabase db) throws Exception {
        BackfillFixture.createTable(db, "broken", 1_000);
        BackfillSpec spec = BackfillSpec.of("broken", new io.pgshift.backfill.BackfillTarget("\"public\".\"broken\"",
                java.util.List.of(new io.pgshift.backfill.KeyColumn("id", "bigint")),
                java.util.Map.of("w", "v / (id - 500)"), null), "public.broken");
        long id = BackfillFixture.create(db, spec, 1);
        service.schedule(node.scheduler(), id);
        BackfillStatus status = service.awaitFinished(id, Duration.ofSeconds(30), Duration.ofMillis(100));
        assertEquals(BackfillState.FAILED, status.state());
        PartitionProgress p = status.partitions().get(0);
        assertEquals(PartitionState.FAILED, p.state());
        assertTrue(p.lastError().contains("division by zero"), p.lastError());
        assertEquals(0, p.retries(), "a division by zero is not retried");
    }

    static void waitFor(TestDatabase db, String condition) throws InterruptedException {
        db.waitFor(condition, Duration.ofSeconds(30));
    }
}
