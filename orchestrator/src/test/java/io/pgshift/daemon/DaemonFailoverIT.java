package io.pgshift.daemon;

import static io.pgshift.daemon.DaemonProcesses.scanned;
import static io.pgshift.daemon.DaemonProcesses.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.api.ApiClient;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two daemons (real JVMs) on one target form a Quartz cluster: a run submitted to the first is
 * carried on by the second when the first is killed with kill -9 in the middle of its backfill.
 * Quartz recovers the dead node's driver and partition jobs after its check-ins stop (5 s interval).
 */
@ExtendWith(PgDatabaseExtension.class)
class DaemonFailoverIT {
    private static final String TOKEN = "failover-token";
    private static final String PLAYBOOK = """
            name: failover-double
            expand:
              - add_column: {table: t_failover, column: doubled, type: bigint}
            backfill:
              - table: t_failover
                set: {doubled: "n * 2"}
                keep_in_sync: true
                batch: {size: 50, min_size: 50, max_size: 50, target_ms: 50, pause_ms: 200}
            contract:
              - set_not_null: {table: t_failover, column: doubled}
            """;

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
    void runSubmittedToAKilledDaemonIsFinishedByTheOther(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE t_failover (id bigserial PRIMARY KEY, n int NOT NULL);"
                + " INSERT INTO t_failover (n) SELECT g FROM generate_series(1, 12000) g; ANALYZE t_failover");
        Process a = daemons.start(db, "daemon-a");
        Process b = null;
        try {
            ApiClient first = daemons.api(a, "daemon-a");
            ApiClient.Reply submitted = first.submit("staging", TOKEN, PLAYBOOK);
            assertEquals(201, submitted.status(), submitted.toString());
            long runId = submitted.json().path("run").path("id").asLong();
            waitFor(() -> scanned(db) > 600, 60, "the backfill to make progress on daemon-a");

            b = daemons.start(db, "daemon-b");
            ApiClient second = daemons.api(b, "daemon-b");
            waitFor(() -> second.get("/readyz", null).status() == 200, 60, "daemon-b to be ready");
            assertEquals(0, db.queryLong("SELECT count(*) FROM pgshift.backfill_partition WHERE node = 'daemon-b'"),
                    "daemon-a holds every partition until it dies");
            long before = scanned(db);
            assertTrue(before < 12000, "killed mid-backfill (" + before + " rows scanned)");

            a.destroyForcibly();
            assertTrue(a.waitFor(20, TimeUnit.SECONDS));

            var done = second.awaitState("staging", runId, TOKEN, "SUCCEEDED", 120);
            assertEquals("SUCCEEDED", done.path("state").asText(), daemons.log("daemon-b"));
            assertEquals(0, db.queryLong("SELECT count(*) FROM t_failover WHERE doubled IS DISTINCT FROM n * 2"));
            assertTrue(db.queryLong("SELECT count(*) FROM pgshift.backfill_partition WHERE node = 'daemon-b'") > 0,
                    "daemon-b took the partitions over");
            assertTrue(second.verifyAudit("staging", TOKEN).path("ok").asBoolean());
        } finally {
            a.destroyForcibly();
            if (b != null) {
                b.destroyForcibly();
                b.waitFor(20, TimeUnit.SECONDS);
            }
        }
    }
}
