package io.pgshift.engine;

import static io.pgshift.engine.EngineFixture.assertExitCode;
import static io.pgshift.engine.EngineFixture.cli;
import static io.pgshift.engine.EngineFixture.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.cli.Cli;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pgshift pause} from another process stops a running apply (exit 9) and its backfill at a
 * batch boundary; {@code resume} then {@code apply} finishes the same run with exact data.
 */
@ExtendWith(PgDatabaseExtension.class)
class PauseResumeIT {
    private static final int ROWS = 30_000;
    @TempDir
    Path tmp;

    @Test
    void pauseStopsApplyAndItsBackfillThenResumeAndApplyFinishExactly(TestDatabase db) throws Exception {
        EngineFixture.createUsersLike(db, "paused", ROWS);
        EngineFixture.countWrites(db, "paused", "preferences");
        Path file = EngineFixture.write(tmp, "paused.yaml", EngineFixture.preferencesPlaybook("paused", "paused", 500, 100));
        String scanned = "SELECT coalesce(sum(p.rows_scanned), 0) FROM pgshift.backfill_partition p"
                + " JOIN pgshift.backfill b ON b.id = p.backfill_id WHERE b.run_id = " + run("paused");
        long runId;
        try (ApplyProcess child = ApplyProcess.start(db, file)) {
            EngineFixture.waitFor(db, "SELECT (" + scanned + ") > 0", Duration.ofSeconds(60));
            runId = EngineFixture.runId(db, "paused");

            Cli.Result pause = cli(db, "pause", Long.toString(runId), "--actor", "engine-test");
            assertExitCode(0, pause);
            long pausedAt = System.nanoTime();
            assertEquals(9, child.awaitExit(15), child.output());
            long stopMs = (System.nanoTime() - pausedAt) / 1_000_000;
            assertTrue(stopMs < 10_000, "apply stopped " + stopMs + " ms after the pause");
            assertTrue(child.output().contains("is paused"), child.output());
        }
        assertEquals("PAUSED", EngineFixture.state(db, runId));
        long atPause = db.queryLong(scanned);
        Thread.sleep(2000);
        assertEquals(atPause, db.queryLong(scanned), "no partition makes progress while paused");
        assertTrue(atPause < ROWS, "paused mid-way: " + atPause);
        assertEquals(0, db.queryLong("SELECT count(*) FROM pgshift.backfill_partition p JOIN pgshift.backfill b"
                + " ON b.id = p.backfill_id WHERE b.run_id = " + runId + " AND p.state = 'RUNNING'"));

        Cli.Result resume = cli(db, "resume", Long.toString(runId), "--actor", "engine-test");
        assertExitCode(0, resume);
        assertEquals("BACKFILLING", EngineFixture.state(db, runId));
        Cli.Result apply = EngineFixture.applyWithin(db, file, 90);
        assertExitCode(0, apply);

        assertEquals("SUCCEEDED", EngineFixture.state(db, runId));
        assertEquals(1, db.queryLong("SELECT count(*) FROM pgshift.run WHERE playbook_name = 'paused'"));
        assertEquals(0, EngineFixture.wrongPreferences(db, "paused"));
        assertEquals(ROWS, db.queryLong("SELECT count(*) FROM paused_writes"), "each row written once");
        assertEquals(ROWS, db.queryLong("SELECT count(DISTINCT id) FROM paused_writes"));
        assertEquals(1, EngineFixture.audited(db, runId, "PAUSED"));
        assertEquals(1, EngineFixture.audited(db, runId, "RESUMED"));
    }
}
