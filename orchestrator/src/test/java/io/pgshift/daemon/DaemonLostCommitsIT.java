package io.pgshift.daemon;

import static io.pgshift.daemon.DaemonProcesses.scanned;
import static io.pgshift.daemon.DaemonProcesses.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.api.ApiClient;
import io.pgshift.testing.StandbyPair;
import io.pgshift.testing.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A daemon whose database (target and state together, as a daemon keeps them) fails over to a
 * standby that had not received its last commits: the standby was cut off mid-backfill, the run
 * then finished on the primary, and the primary crashed. The promoted server has the run in
 * BACKFILLING with a lease long expired, and Quartz's store there still has the run's driver
 * executing on this daemon, which it is not: its end was among the lost commits. Nothing would
 * drive the run again (the daemon fires its runs' drivers when it starts, and Quartz recovers the
 * jobs of a node only when another finds it dead) and a resume's trigger would stay BLOCKED behind
 * that record. The daemon must find the run without a driver and finish it on the promoted server.
 */
class DaemonLostCommitsIT {
    private static final String TOKEN = "lost-commits-token";
    private static final int ROWS = 20_000;
    private static final String PLAYBOOK = """
            name: lost-driver
            settings:
              lock_timeout: 200ms
            expand:
              - add_column: {table: t_lost, column: doubled, type: bigint}
            backfill:
              - table: t_lost
                set: {doubled: "n * 2"}
                keep_in_sync: true
                batch: {size: 500, min_size: 500, max_size: 500, target_ms: 500, pause_ms: 100}
            contract:
              - set_not_null: {table: t_lost, column: doubled}
            """;

    @TempDir
    Path dir;

    @Test
    void aRunWhoseDriversEndTheFailoverLostIsDrivenAgainOnThePromotedServer() throws Exception {
        try (StandbyPair pair = StandbyPair.start();
             DaemonProcesses daemons = new DaemonProcesses(dir, TOKEN)) {
            TestDatabase cluster = pair.cluster();
            DoubledOnce.create(cluster, "t_lost", ROWS);
            Process daemon = daemons.start(cluster.jdbcUrlForChild(), "daemon-a", "driver_lease: 6s\n");
            ApiClient api = daemons.api(daemon, "daemon-a");
            waitFor(() -> api.get("/readyz", null).status() == 200, 60, "the daemon to be ready");
            ApiClient.Reply submitted = api.submit("staging", TOKEN, PLAYBOOK);
            assertEquals(201, submitted.status(), submitted.toString());
            long runId = submitted.json().path("run").path("id").asLong();
            waitFor(() -> scanned(pair.primary()) >= 2_000, 60, "the backfill to make progress");
            pair.awaitCaughtUp();
            pair.detachStandby();
            assertEquals("BACKFILLING", pair.standby().queryValue("SELECT state FROM pgshift.run WHERE id = " + runId));
            waitFor(() -> "SUCCEEDED".equals(pair.primary().queryValue("SELECT state FROM pgshift.run WHERE id = " + runId)),
                    120, "the run to finish on the primary");
            pair.crashPrimary();
            pair.promoteStandby();

            TestDatabase promoted = pair.standby();
            assertEquals("BACKFILLING", promoted.queryValue("SELECT state FROM pgshift.run WHERE id = " + runId),
                    "the promoted server never heard of the run's end");
            try {
                waitFor(() -> "SUCCEEDED".equals(promoted.queryValue("SELECT state FROM pgshift.run WHERE id = " + runId)),
                        150, "the run to finish on the promoted server");
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; run: " + promoted.queryValue("SELECT row_to_json(r)::text FROM"
                        + " pgshift.run r WHERE id = " + runId)
                        + "\ntriggers: " + promoted.queryValue("SELECT json_agg(json_build_object('trigger', trigger_name,"
                        + " 'job', job_name, 'state', trigger_state))::text FROM pgshift.qrtz_triggers")
                        + "\nfirings: " + promoted.queryValue("SELECT json_agg(json_build_object('job', job_name,"
                        + " 'instance', instance_name, 'state', state))::text FROM pgshift.qrtz_fired_triggers")
                        + "\ndaemon:\n" + daemons.log("daemon-a"), e);
            }
            DoubledOnce.assertRanOnce(promoted, "t_lost", runId);
            assertEquals(1, promoted.queryLong("SELECT count(*) FROM pg_attribute WHERE attrelid = 't_lost'::regclass"
                    + " AND attname = 'doubled' AND attnotnull"), "the contract ran on the promoted server");
            assertTrue(daemons.log("daemon-a").contains("run " + runId + " has no driver"), daemons.log("daemon-a"));
            assertTrue(daemon.isAlive(), "the daemon is alive");
        }
    }
}
