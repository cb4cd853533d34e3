package io.pgshift.workers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.backfill.BackfillState;
import io.pgshift.backfill.BackfillStatus;
import io.pgshift.backfill.BatchSettings;
import io.pgshift.testing.LocalServer;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The database server restarts in the middle of a backfill: every connection dies (57P01), the
 * server refuses connections for a moment, then comes back. The worker retries with backoff,
 * reconnects and finishes with exact data.
 *
 * <p>This restarts the real server of the test run, so it needs a local cluster managed by
 * pg_ctlcluster (as on CI and the development machines) and fails, saying so, elsewhere.
 */
@ExtendWith(PgDatabaseExtension.class)
class DatabaseRestartIT {
    private static final int ROWS = 20_000;

    /** What a test does to the server while the backfill runs. */
    @FunctionalInterface
    private interface Fault {
        void strike() throws Exception;
    }

    @Test
    void backfillSurvivesADatabaseRestart(TestDatabase db) throws Exception {
        BackfillFixture.migrate(db);
        BackfillFixture.createTable(db, "restarted", ROWS);

        BackfillStatus status = backfillThrough(db, "restarted", 1, LocalServer::restart);

        assertEquals(BackfillState.SUCCEEDED, status.state(), "partitions: " + status.partitions());
        assertEquals(ROWS, status.rowsScanned());
        assertTrue(status.partitions().get(0).retries() >= 1, "the restart was retried");
        assertEquals(0, BackfillFixture.wrongRows(db, "restarted"));
    }

    /**
     * The server crashes (immediate stop) mid-backfill. Batches commit asynchronously, so the last
     * ones before the crash may be lost; each is lost with its own checkpoint and is written again,
     * so every row ends up written by exactly one surviving batch and counted once.
     */
    @Test
    void backfillSurvivesAServerCrash(TestDatabase db) throws Exception {
        BackfillFixture.migrate(db);
        BackfillFixture.createTable(db, "crashed", ROWS);
        BackfillFixture.auditUpdates(db, "crashed");

        BackfillStatus status = backfillThrough(db, "crashed", 2, LocalServer::crash);

        assertEquals(BackfillState.SUCCEEDED, status.state(), "partitions: " + status.partitions());
        assertTrue(status.partitions().stream().allMatch(p -> p.retries() >= 1), "the crash met every partition mid-way: "
                + status.partitions());
        assertEquals(ROWS, status.rowsScanned(), "no row counted by two surviving batches");
        assertEquals(ROWS, status.rowsWritten());
        assertEquals(0, BackfillFixture.wrongRows(db, "crashed"));
        assertEquals(ROWS, db.queryLong("SELECT count(*) FROM crashed_updates"), "each row written by one surviving batch");
        assertEquals(ROWS, db.queryLong("SELECT count(DISTINCT id) FROM crashed_updates"));
    }

    /**
     * Backfills {@code table} in {@code partitions} partitions of fixed 200-row batches 30 ms
     * apart (a few seconds in all), strikes once 3,000 rows are done, and waits for the end.
     */
    private static BackfillStatus backfillThrough(TestDatabase db, String table, int partitions, Fault fault)
            throws Exception {
        try (WorkerNode node = BackfillFixture.startNode(db, table + "-node", 2)) {
            BackfillService service = new BackfillService(db.url(), Clock.systemUTC());
            long id = BackfillFixture.create(db, BackfillFixture.spec(table, new BatchSettings(200, 100, 200, 200, 30)),
                    partitions);
            service.schedule(node.scheduler(), id);
            BackfillIT.waitFor(db, "SELECT sum(rows_scanned) >= 3000 FROM pgshift.backfill_partition WHERE backfill_id = " + id);

            fault.strike();

            return service.awaitFinished(id, Duration.ofSeconds(90), Duration.ofMillis(250));
        }
    }
}
