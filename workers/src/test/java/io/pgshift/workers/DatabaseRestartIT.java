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

    @Test
    void backfillSurvivesADatabaseRestart(TestDatabase db) throws Exception {
        BackfillFixture.migrate(db);
        BackfillFixture.createTable(db, "restarted", ROWS);
        try (WorkerNode node = BackfillFixture.startNode(db, "restart-node", 2)) {
            BackfillService service = new BackfillService(db.url(), Clock.systemUTC());
            long id = BackfillFixture.create(db, BackfillFixture.spec("restarted", new BatchSettings(200, 100, 200, 200, 30)), 1);
            service.schedule(node.scheduler(), id);
            BackfillIT.waitFor(db, "SELECT sum(rows_scanned) >= 3000 FROM pgshift.backfill_partition WHERE backfill_id = " + id);

            LocalServer.restart();

            BackfillStatus status = service.awaitFinished(id, Duration.ofSeconds(90), Duration.ofMillis(250));
            assertEquals(BackfillState.SUCCEEDED, status.state(), "partitions: " + status.partitions());
            assertEquals(ROWS, status.rowsScanned());
            assertTrue(status.partitions().get(0).retries() >= 1, "the restart was retried");
            assertEquals(0, BackfillFixture.wrongRows(db, "restarted"));
        }
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
        // counts, per row, the surviving updates of the backfilled column
        db.execute("CREATE TABLE crashed_updates (id bigint NOT NULL);"
                + "CREATE FUNCTION crashed_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                + " INSERT INTO crashed_updates SELECT id FROM changed; RETURN NULL; END $$;"
                + "CREATE TRIGGER audit AFTER UPDATE ON crashed REFERENCING NEW TABLE AS changed"
                + " FOR EACH STATEMENT EXECUTE FUNCTION crashed_audit()");
        try (WorkerNode node = BackfillFixture.startNode(db, "crash-node", 2)) {
            BackfillService service = new BackfillService(db.url(), Clock.systemUTC());
            long id = BackfillFixture.create(db, BackfillFixture.spec("crashed", new BatchSettings(200, 100, 200, 200, 30)), 2);
            service.schedule(node.scheduler(), id);
            BackfillIT.waitFor(db, "SELECT sum(rows_scanned) >= 3000 FROM pgshift.backfill_partition WHERE backfill_id = " + id);

            LocalServer.crash();

            BackfillStatus status = service.awaitFinished(id, Duration.ofSeconds(90), Duration.ofMillis(250));
            assertEquals(BackfillState.SUCCEEDED, status.state(), "partitions: " + status.partitions());
            assertTrue(status.partitions().stream().allMatch(p -> p.retries() >= 1), "the crash met every partition mid-way: "
                    + status.partitions());
            assertEquals(ROWS, status.rowsScanned(), "no row counted by two surviving batches");
            assertEquals(ROWS, status.rowsWritten());
            assertEquals(0, BackfillFixture.wrongRows(db, "crashed"));
            assertEquals(ROWS, db.queryLong("SELECT count(*) FROM crashed_updates"), "each row written by one surviving batch");
            assertEquals(ROWS, db.queryLong("SELECT count(DISTINCT id) FROM crashed_updates"));
        }
    }
}
