package io.pgshift.daemon;

import static io.pgshift.daemon.DaemonProcesses.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.api.ApiClient;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * An operator cancels, through a daemon's API, a run whose gate is inside a team's {@code verify}
 * query that takes minutes: the daemon, which goes on running, cancels the query on the server
 * within seconds and its driver lets the run go CANCELLED, instead of holding the query (its
 * snapshot, a session, the driver's thread) until the query's end.
 */
@ExtendWith(PgDatabaseExtension.class)
class DaemonHaltIT {
    private static final String TOKEN = "halt-token";
    @TempDir
    Path dir;
    private DaemonProcesses daemons;

    @BeforeEach
    void daemons() {
        daemons = new DaemonProcesses(dir, TOKEN);
    }

    @AfterEach
    void stopDaemons() throws InterruptedException {
        daemons.close();
    }

    @Test
    void aCancelInsideALongVerifyQueryEndsTheQueryWhileTheDaemonRunsOn(TestDatabase db) throws Exception {
        String playbook = """
                name: halt-verify
                contract:
                  - verify:
                      sql: "SELECT 0 FROM pg_sleep(120)"
                      description: a verify query of minutes
                """;
        String running = "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'pgshift-gate'"
                + " AND state = 'active' AND query LIKE '%pg_sleep(120)%'";
        Process daemon = daemons.start(db, "node-h1");
        ApiClient api = daemons.api(daemon, "node-h1");
        ApiClient.Reply submitted = api.submit("staging", TOKEN, playbook);
        assertEquals(201, submitted.status(), submitted.toString());
        long runId = submitted.json().path("run").path("id").asLong();
        waitFor(() -> db.queryLong(running) > 0, 60, "the verify query to run");

        ApiClient.Reply cancelled = api.post("/api/v1/targets/staging/runs/" + runId + "/cancel", TOKEN, null, "");
        assertEquals(200, cancelled.status(), cancelled.toString());
        long cancelledAt = System.nanoTime();
        waitFor(() -> db.queryLong(running) == 0, 20, "the verify query to be cancelled:\n" + daemons.log("node-h1"));
        long stopMs = (System.nanoTime() - cancelledAt) / 1_000_000;
        assertTrue(stopMs < 10_000, "the query ended " + stopMs + " ms after the cancel, not at its own end");
        assertTrue(daemon.isAlive(), "the daemon runs on");
        assertEquals("CANCELLED", db.queryValue("SELECT state FROM pgshift.run WHERE id = " + runId));
        assertEquals(0, db.queryLong("SELECT count(*) FROM pgshift.audit_log WHERE run_id = " + runId
                + " AND action IN ('GATE_FAILED', 'GATE_PASSED', 'FAILED')"), "a halt, not a gate's result");
    }
}
