package io.pgshift.engine;

import static io.pgshift.engine.EngineFixture.assertExitCode;
import static io.pgshift.engine.EngineFixture.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pgshift.cli.Cli;
import io.pgshift.testing.LocalServer;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database server restarts in the middle of {@code pgshift apply}: the partitions retry and
 * reconnect, the driver job fires again, the progress watcher waits for the database, and the
 * same apply finishes the run with exact data.
 */
@ExtendWith(PgDatabaseExtension.class)
class ApplyRestartIT {
    private static final int ROWS = 20_000;
    @TempDir
    Path tmp;

    @Test
    void applyRidesOutADatabaseRestart(TestDatabase db) throws Exception {
        EngineFixture.createUsersLike(db, "restarted", ROWS);
        Path file = EngineFixture.write(tmp, "restarted.yaml", EngineFixture.preferencesPlaybook("restarted", "restarted", 500, 50));
        CompletableFuture<Cli.Result> apply = CompletableFuture.supplyAsync(() -> EngineFixture.apply(db, file));
        EngineFixture.waitFor(db, "SELECT coalesce(sum(p.rows_scanned), 0) > 2000 FROM pgshift.backfill_partition p"
                + " JOIN pgshift.backfill b ON b.id = p.backfill_id WHERE b.run_id = " + run("restarted"), Duration.ofSeconds(60));

        LocalServer.restart();

        Cli.Result result = apply.get(120, TimeUnit.SECONDS);
        assertExitCode(0, result);
        assertEquals("SUCCEEDED", EngineFixture.state(db, EngineFixture.runId(db, "restarted")));
        assertEquals(0, db.queryLong("SELECT count(*) FROM restarted WHERE preferences IS DISTINCT FROM"
                + " jsonb_build_object('theme', coalesce(theme, 'light'))"));
    }
}
