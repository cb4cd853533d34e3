package io.pgshift.workers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.backfill.BackfillState;
import io.pgshift.backfill.BackfillStatus;
import io.pgshift.backfill.BatchSettings;
import io.pgshift.db.Connections;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * With the default pace, a partition yields while an application session works and goes flat
 * out once it stops, saying which and why on its row. The harness's sessions are named like
 * pgshift's own ({@code pgshift-test}), which the pacer does not count; the "application" is
 * a session named otherwise.
 */
@ExtendWith(PgDatabaseExtension.class)
class PacerIT {
    @Test
    void yieldsWhileAnotherSessionWorksAndRunsFlatOutOnceItStops(TestDatabase db) throws Exception {
        BackfillFixture.migrate(db);
        BackfillFixture.createTable(db, "paced", 300_000);
        long id = BackfillFixture.create(db, BackfillFixture.spec("paced", BatchSettings.DEFAULTS), 1);
        BackfillService service = new BackfillService(db.url(), Clock.systemUTC());
        AtomicBoolean working = new AtomicBoolean(true);
        Thread application = new Thread(() -> {
            // the harness names its sessions pgshift-test, which the pacer does not count: the application's differs
            try (Connection app = Connections.open(db.url(), "application"); Statement s = app.createStatement()) {
                while (working.get()) {
                    s.execute("SELECT count(*) FROM paced WHERE id = 7");
                    Thread.sleep(20);
                }
            } catch (SQLException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, "application");
        application.start();
        try (Connection watch = Connections.open(db.url(), "pgshift-test-watch");
             WorkerNode node = BackfillFixture.startNode(db, "paced-node", 1)) {
            service.schedule(node.scheduler(), id);
            String[] yielding = awaitPace(watch, id, "YIELDING");
            assertTrue(yielding[1].startsWith("yielding: 1 other session busy; "), yielding[1]);
            long early = scanned(watch, id);
            assertTrue(early < 300_000, "still running while yielding: " + early);

            working.set(false);
            application.join();
            String[] flatOut = awaitPace(watch, id, "FULL_SPEED");
            assertEquals("full speed: no other session busy", flatOut[1]);
            BackfillStatus status = service.awaitFinished(id, Duration.ofSeconds(60), Duration.ofMillis(100));
            assertEquals(BackfillState.SUCCEEDED, status.state());
        } finally {
            working.set(false);
            application.join();
        }
        assertEquals(0, BackfillFixture.wrongRows(db, "paced"));
    }

    @Test
    void explicitBatchSettingsAreFollowedAsGiven(TestDatabase db) throws Exception {
        BackfillFixture.migrate(db);
        BackfillFixture.createTable(db, "fixed", 5_000);
        long id = BackfillFixture.create(db, BackfillFixture.spec("fixed", new BatchSettings(500, 50, 100, 1000, 5)), 1);
        BackfillService service = new BackfillService(db.url(), Clock.systemUTC());
        try (Connection watch = Connections.open(db.url(), "pgshift-test-watch");
             WorkerNode node = BackfillFixture.startNode(db, "fixed-node", 1)) {
            service.schedule(node.scheduler(), id);
            assertEquals(BackfillState.SUCCEEDED, service.awaitFinished(id, Duration.ofSeconds(60),
                    Duration.ofMillis(100)).state());
            String[] pace = pace(watch, id);
            assertEquals("FIXED", pace[0]);
            assertEquals("fixed: the playbook's batch settings", pace[1]);
        }
    }

    @Test
    void aKnobSetLiveWinsOverThePacer(TestDatabase db) throws Exception {
        BackfillFixture.migrate(db);
        BackfillFixture.createTable(db, "knobbed", 20_000);
        long id = BackfillFixture.create(db, BackfillFixture.spec("knobbed", BatchSettings.DEFAULTS), 1);
        // 20,000 rows at 100 rows and 20 ms a batch: about 4 s, long enough to see the knob applied
        db.execute("UPDATE pgshift.backfill SET batch_size_override = 100, pause_ms_override = 20 WHERE id = " + id);
        BackfillService service = new BackfillService(db.url(), Clock.systemUTC());
        try (Connection watch = Connections.open(db.url(), "pgshift-test-watch");
             WorkerNode node = BackfillFixture.startNode(db, "knobbed-node", 1)) {
            service.schedule(node.scheduler(), id);
            String[] fixed = awaitPace(watch, id, "FIXED");
            assertEquals("fixed: set live (batch size 100, pause 20 ms)", fixed[1]);
            assertEquals(BackfillState.SUCCEEDED, service.awaitFinished(id, Duration.ofSeconds(60),
                    Duration.ofMillis(100)).state());
        }
        assertEquals(0, BackfillFixture.wrongRows(db, "knobbed"));
    }

    private static String[] awaitPace(Connection watch, long id, String mode) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String[] last = null;
        while (System.nanoTime() < deadline) {
            last = pace(watch, id);
            if (mode.equals(last[0])) {
                return last;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the partition never showed pace " + mode + "; last: " + String.join(" / ",
                String.valueOf(last[0]), String.valueOf(last[1])));
    }

    private static String[] pace(Connection watch, long id) throws SQLException {
        try (Statement s = watch.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT pace, pace_reason FROM pgshift.backfill_partition WHERE backfill_id = " + id)) {
            rs.next();
            return new String[] {rs.getString(1), rs.getString(2)};
        }
    }

    private static long scanned(Connection watch, long id) throws SQLException {
        try (Statement s = watch.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT rows_scanned FROM pgshift.backfill_partition WHERE backfill_id = " + id)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
