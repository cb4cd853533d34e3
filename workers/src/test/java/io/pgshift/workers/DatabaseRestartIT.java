package io.pgshift.workers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.backfill.BackfillState;
import io.pgshift.backfill.BackfillStatus;
import io.pgshift.backfill.BatchSettings;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
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

            restartServer();

            BackfillStatus status = service.awaitFinished(id, Duration.ofSeconds(90), Duration.ofMillis(250));
            assertEquals(BackfillState.SUCCEEDED, status.state(), "partitions: " + status.partitions());
            assertEquals(ROWS, status.rowsScanned());
            assertTrue(status.partitions().get(0).retries() >= 1, "the restart was retried");
            assertEquals(0, BackfillFixture.wrongRows(db, "restarted"));
        }
    }

    /** {@code pg_ctlcluster VERSION main restart -m fast}, then waits until the server accepts connections. */
    private static void restartServer() throws Exception {
        Path etc = Path.of("/etc/postgresql");
        if (!Files.isDirectory(etc)) {
            throw new AssertionError("this test restarts the local PostgreSQL server with pg_ctlcluster;"
                    + " no /etc/postgresql here: run it where the test server is a local cluster");
        }
        String version;
        try (var versions = Files.list(etc)) {
            version = versions.map(p -> p.getFileName().toString()).sorted().reduce((a, b) -> b).orElseThrow();
        }
        Process restart = new ProcessBuilder(List.of("pg_ctlcluster", "--skip-systemctl-redirect", version, "main",
                "restart", "-m", "fast")).redirectErrorStream(true).start();
        String output = new String(restart.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(restart.waitFor(60, TimeUnit.SECONDS) && restart.exitValue() == 0, "restart failed: " + output);
        for (int i = 0; i < 60; i++) {
            Process ready = new ProcessBuilder("pg_isready", "-h", "127.0.0.1", "-p", "5432", "-q").start();
            if (ready.waitFor(5, TimeUnit.SECONDS) && ready.exitValue() == 0) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("PostgreSQL did not come back after the restart");
    }
}
