package io.pgshift.engine;

import static io.pgshift.engine.EngineFixture.assertExitCode;
import static io.pgshift.engine.EngineFixture.cli;
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
 * An operator's {@code pgshift pause}, from another process, while the gate runs a team's
 * {@code verify} query that takes minutes: the apply stops within seconds and the query is
 * cancelled on the server, instead of both waiting for the query's end; {@code resume} and
 * {@code apply} run the query again and finish. (A cancel stops a local apply's node, whose
 * interrupt cancels the query; a daemon's cancel is {@code DaemonHaltIT}'s.)
 */
@ExtendWith(PgDatabaseExtension.class)
class HaltInsideVerifyQueryIT {
    /** The query sleeps 120 s until its table {@code <table>_go} has a row: longer than the test waits. */
    private static final String PLAYBOOK = """
            name: %s
            contract:
              - verify:
                  sql: "SELECT 0 FROM pg_sleep(CASE WHEN EXISTS (SELECT 1 FROM %s_go) THEN 0 ELSE 120 END)"
                  description: a verify query of minutes
            """;
    private static final String RUNNING = "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'pgshift-gate'"
            + " AND state = 'active' AND query LIKE '%%pg_sleep(CASE%%%s_go%%'";
    @TempDir
    Path tmp;

    /** The playbook named {@code name} whose query waits for table {@code <name, underscored>_go}. */
    private static String playbook(String name) {
        return PLAYBOOK.formatted(name, name.replace('-', '_'));
    }

    /** Starts {@code apply} of the playbook in a child JVM and waits until its verify query runs. */
    private ApplyProcess applyUntilTheQueryRuns(TestDatabase db, String name) throws Exception {
        String table = name.replace('-', '_');
        db.execute("CREATE TABLE " + table + "_go (go boolean)");
        ApplyProcess child = ApplyProcess.start(db, EngineFixture.write(tmp, name + ".yaml", playbook(name)));
        try {
            EngineFixture.waitFor(db, "SELECT (" + RUNNING.formatted(table) + ") > 0", Duration.ofSeconds(60));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + child.output(), e);
        }
        return child;
    }

    @Test
    void aPauseCancelsTheQueryAndStopsApplyAtOnce(TestDatabase db) throws Exception {
        long runId;
        try (ApplyProcess child = applyUntilTheQueryRuns(db, "paused-verify")) {
            runId = EngineFixture.runId(db, "paused-verify");
            assertExitCode(0, cli(db, "pause", Long.toString(runId), "--actor", "engine-test"));
            long pausedAt = System.nanoTime();
            assertEquals(9, child.awaitExit(30), child.output());
            long stopMs = (System.nanoTime() - pausedAt) / 1_000_000;
            assertTrue(stopMs < 10_000, "apply stopped " + stopMs + " ms after the pause, not at the query's end");
        }
        assertEquals(0, db.queryLong(RUNNING.formatted("paused_verify")), "the query was cancelled on the server");
        assertEquals("PAUSED", EngineFixture.state(db, runId));
        assertEquals(0, EngineFixture.audited(db, runId, "GATE_FAILED"), "a halt, not a failed gate");

        db.execute("INSERT INTO paused_verify_go VALUES (true)");
        assertExitCode(0, cli(db, "resume", Long.toString(runId), "--actor", "engine-test"));
        Cli.Result apply = EngineFixture.applyWithin(db, EngineFixture.write(tmp, "again.yaml",
                playbook("paused-verify")), 90);
        assertExitCode(0, apply);
        assertEquals("SUCCEEDED", EngineFixture.state(db, runId));
        assertEquals(1, EngineFixture.audited(db, runId, "GATE_PASSED"));
    }
}
