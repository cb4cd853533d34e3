package io.pgshift.daemon;

import static io.pgshift.daemon.DaemonProcesses.scanned;
import static io.pgshift.daemon.DaemonProcesses.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.api.ApiClient;
import io.pgshift.testing.BlackholeProxy;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two daemons reach their one database (target and state together, the default) through a network
 * that fails over in the middle of a backfill: silent for a few seconds, then answering new
 * connections only, every connection opened before silent for ever (a managed database's failover
 * to its standby; here the old sessions stay on the server, ended by their own bounds). Every
 * session of both daemons (batches, drivers, leases, Quartz's and the API's pools) must notice its
 * dead connection and open a new one; the run finishes on its own, every row written once, no
 * statement executed twice, nothing FAILED, both daemons alive and serving.
 *
 * <p>Before, the driver's poll of the backfill's progress waited on its dead session for the
 * scan timeout plus margin (six and a half hours by default; the proxy here, like a load balancer,
 * answers TCP keepalives, so only a timeout can tell): the partitions had reconnected and finished
 * in seconds, and the run stood in BACKFILLING past this test's four minutes.
 */
@ExtendWith(PgDatabaseExtension.class)
class DaemonDatabaseFailoverIT {
    private static final String TOKEN = "failover-token";
    private static final int ROWS = 60_000;
    private static final String PLAYBOOK = """
            name: failover-double
            settings:
              statement_timeout: 2s
              lock_timeout: 200ms
            expand:
              - add_column: {table: t_failover, column: doubled, type: bigint}
            backfill:
              - table: t_failover
                set: {doubled: "n * 2"}
                keep_in_sync: true
                batch: {size: 1000, min_size: 1000, max_size: 1000, target_ms: 500, pause_ms: 200}
            contract:
              - set_not_null: {table: t_failover, column: doubled}
              - add_unique: {table: t_failover, columns: [doubled]}
            """;

    @TempDir
    Path dir;

    @Test
    void aRunGoesOnThroughAFailoverOfItsDatabaseUnderTwoDaemonsAndRunsNothingTwice(TestDatabase db) throws Exception {
        DoubledOnce.create(db, "t_failover", ROWS);
        try (BlackholeProxy network = BlackholeProxy.inFrontOf(db.url());
             DaemonProcesses daemons = new DaemonProcesses(dir, TOKEN)) {
            String url = network.route(db.jdbcUrlForChild());
            Process a = daemons.start(url, "daemon-a", "driver_lease: 6s\n");
            Process b = daemons.start(url, "daemon-b", "driver_lease: 6s\n");
            ApiClient apiA = daemons.api(a, "daemon-a");
            ApiClient apiB = daemons.api(b, "daemon-b");
            waitFor(() -> apiB.get("/readyz", null).status() == 200, 60, "daemon-b to be ready");
            ApiClient.Reply submitted = apiA.submit("staging", TOKEN, PLAYBOOK);
            assertEquals(201, submitted.status(), submitted.toString());
            long runId = submitted.json().path("run").path("id").asLong();
            waitFor(() -> scanned(db) >= 5000, 60, "the backfill to make progress");

            network.blackhole();
            Thread.sleep(3_000);
            assertTrue(scanned(db) < ROWS, "the failover came mid-backfill");
            network.restoreForNewConnectionsOnly();

            try {
                waitFor(() -> "SUCCEEDED".equals(db.queryValue("SELECT state FROM pgshift.run WHERE id = " + runId)), 240,
                        "the run to finish after the failover");
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; run: " + db.queryValue("SELECT row_to_json(r)::text FROM pgshift.run r")
                        + "\npartitions: " + db.queryValue("SELECT json_agg(p)::text FROM pgshift.backfill_partition p")
                        + "\nsessions: " + db.queryValue("SELECT json_agg(json_build_object('app', application_name, 'state', state,"
                        + " 'query', left(query, 80), 'wait', wait_event))::text FROM pg_stat_activity WHERE datname = current_database()")
                        + "\nA:\n" + daemons.log("daemon-a") + "\nB:\n" + daemons.log("daemon-b"), e);
            }
            DoubledOnce.assertRanOnce(db, "t_failover", runId);
            assertTrue(a.isAlive() && b.isAlive(), "both daemons alive:\n" + daemons.log("daemon-a") + daemons.log("daemon-b"));
            for (ApiClient api : new ApiClient[] {apiA, apiB}) {
                waitFor(() -> api.get("/readyz", null).status() == 200, 60, "each daemon to be ready again");
                assertEquals("SUCCEEDED", api.awaitState("staging", runId, TOKEN, "SUCCEEDED", 30).path("state").asText());
            }
        }
    }
}
