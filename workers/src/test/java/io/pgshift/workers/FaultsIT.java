package io.pgshift.workers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.backfill.BackfillSpec;
import io.pgshift.backfill.BackfillState;
import io.pgshift.backfill.BackfillStatus;
import io.pgshift.backfill.BatchSettings;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Transient failures are retried with backoff and the backfill carries on to exact data. */
@ExtendWith(PgDatabaseExtension.class)
class FaultsIT {
    private static final int ROWS = 20_000;
    private static WorkerNode node;
    private static BackfillService service;

    @BeforeAll
    static void start(TestDatabase db) throws Exception {
        BackfillFixture.migrate(db);
        node = BackfillFixture.startNode(db, "faulty-node", 2);
        service = new BackfillService(db.url(), Clock.systemUTC());
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    @Test
    void survivesItsConnectionBeingTerminated(TestDatabase db) throws Exception {
        BackfillFixture.createTable(db, "terminated", ROWS);
        long id = BackfillFixture.create(db, BackfillFixture.spec("terminated", new BatchSettings(200, 100, 200, 200, 20)), 1);
        service.schedule(node.scheduler(), id);
        for (int kill = 1; kill <= 2; kill++) {
            BackfillIT.waitFor(db, "SELECT sum(rows_scanned) >= " + kill * 4000
                    + " FROM pgshift.backfill_partition WHERE backfill_id = " + id);
            assertEquals(1, db.queryLong("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                    + " WHERE application_name = 'pgshift-backfill' AND datname = current_database()"));
        }
        BackfillStatus status = service.awaitFinished(id, Duration.ofSeconds(60), Duration.ofMillis(100));
        assertEquals(BackfillState.SUCCEEDED, status.state());
        assertEquals(ROWS, status.rowsScanned());
        assertTrue(status.partitions().get(0).retries() >= 2, "retries recorded: " + status.partitions().get(0).retries());
        assertEquals(0, BackfillFixture.wrongRows(db, "terminated"));
    }

    @Test
    void retriesABatchThatHitsLockTimeoutUntilTheLockIsReleased(TestDatabase db) throws Exception {
        String error = blockedBatch(db, "locked", new BackfillSpec.Timeouts(200, 30_000));
        assertTrue(error.contains("55P03") || error.contains("lock timeout"), error);
    }

    @Test
    void retriesABatchThatHitsStatementTimeout(TestDatabase db) throws Exception {
        String error = blockedBatch(db, "slow", new BackfillSpec.Timeouts(10_000, 300));
        assertTrue(error.contains("statement timeout"), error);
    }

    /** Holds a row lock in the middle of the table for 1.5 s while the backfill reaches it; returns last_error. */
    private static String blockedBatch(TestDatabase db, String table, BackfillSpec.Timeouts timeouts) throws Exception {
        BackfillFixture.createTable(db, table, ROWS);
        long id = BackfillFixture.create(db, BackfillFixture.spec(table, new BatchSettings(200, 100, 200, 200, 0))
                .withTimeouts(timeouts), 1);
        try (Connection holder = db.connect(); Statement s = holder.createStatement()) {
            holder.setAutoCommit(false);
            s.execute("SELECT * FROM " + table + " WHERE id = 15000 FOR UPDATE");
            service.schedule(node.scheduler(), id);
            BackfillIT.waitFor(db, "SELECT (cursor_key->>0)::bigint >= 14800 FROM pgshift.backfill_partition"
                    + " WHERE backfill_id = " + id);
            Thread.sleep(1500);
            assertTrue(db.queryLong("SELECT (cursor_key->>0)::bigint FROM pgshift.backfill_partition WHERE backfill_id = "
                    + id) < 15000, "the batch holding row 15000 cannot commit while the row is locked");
            holder.rollback();
        }
        BackfillStatus status = service.awaitFinished(id, Duration.ofSeconds(60), Duration.ofMillis(100));
        assertEquals(BackfillState.SUCCEEDED, status.state());
        assertEquals(ROWS, status.rowsScanned());
        assertEquals(0, BackfillFixture.wrongRows(db, table));
        assertTrue(status.partitions().get(0).retries() >= 1);
        return status.partitions().get(0).lastError();
    }
}
