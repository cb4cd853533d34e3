package io.pgshift.daemon;

import static io.pgshift.daemon.DaemonProcesses.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.api.ApiClient;
import io.pgshift.testing.StandbyPair;
import io.pgshift.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The target's password is rotated while a daemon's run backfills: the role gets a new password,
 * every session of the role is ended (a failover, a pooler's reset, or an operator's forced
 * logout), and the daemon's {@code password_file} is rewritten 4 s later (as a secret manager's
 * agent or a Kubernetes secret mount does, a little after the database). Meanwhile every login
 * is refused (28P01): the run waits as for an outage, nothing fails. Then each new session of the
 * daemon (batches, the driver, its lease, Quartz's and the API's pools) must log in with the new
 * password; the run finishes by itself, every row written once, and the API serves on. Before,
 * the file was read once at start, and 28P01 was a permanent error: the run failed.
 */
class PasswordRotationIT {
    private static final String TOKEN = "rotation-token";
    private static final String PLAYBOOK = """
            name: rotation-double
            expand:
              - add_column: {table: t_rotated, column: doubled, type: bigint}
            backfill:
              - table: t_rotated
                set: {doubled: "n * 2"}
                keep_in_sync: true
                batch: {size: 500, min_size: 500, max_size: 500, pause_ms: 100}
            contract:
              - set_not_null: {table: t_rotated, column: doubled}
            """;

    @TempDir
    Path dir;

    @Test
    void aRunGoesOnAfterItsTargetsPasswordIsRotatedAndItsSessionsEnded() throws Exception {
        try (StandbyPair pair = StandbyPair.start(); DaemonProcesses daemons = new DaemonProcesses(dir, TOKEN)) {
            TestDatabase admin = pair.primary();
            admin.execute("CREATE ROLE rotated LOGIN SUPERUSER PASSWORD 'first-password'");
            pair.requirePassword("rotated");
            DoubledOnce.create(admin, "t_rotated", 20_000);
            Path secret = Files.writeString(dir.resolve("staging.password"), "first-password\n");
            String url = admin.url().jdbcUrl().replace("user=postgres", "user=rotated");
            Process daemon = daemons.start(url, ", password_file: \"" + secret + "\"", "daemon-a", "");
            ApiClient api = daemons.api(daemon, "daemon-a");
            ApiClient.Reply submitted = api.submit("staging", TOKEN, PLAYBOOK);
            assertEquals(201, submitted.status(), submitted.toString());
            long runId = submitted.json().path("run").path("id").asLong();
            waitFor(() -> DaemonProcesses.scanned(admin) >= 2000, 60, "the backfill to make progress");

            admin.execute("ALTER ROLE rotated PASSWORD 'second-password'");
            long ended = admin.queryLong("SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    + " WHERE usename = 'rotated') t");
            assertTrue(ended > 0, "the daemon's sessions were ended");
            assertTrue(DaemonProcesses.scanned(admin) < 20_000, "the rotation came mid-backfill");
            // the secret manager's agent rewrites the file a few seconds later: every login meanwhile is refused
            Thread.sleep(4_000);
            Files.writeString(secret, "second-password\n");

            try {
                waitFor(() -> "SUCCEEDED".equals(admin.queryValue("SELECT state FROM pgshift.run WHERE id = " + runId)), 120,
                        "the run to finish after the rotation");
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; run: " + admin.queryValue("SELECT row_to_json(r)::text FROM pgshift.run r")
                        + "\n" + daemons.log("daemon-a"), e);
            }
            DoubledOnce.assertRanOnce(admin, "t_rotated", runId);
            assertEquals("SUCCEEDED", api.awaitState("staging", runId, TOKEN, "SUCCEEDED", 30).path("state").asText(),
                    "the API's pool logs in with the new password");
            assertTrue(daemons.log("daemon-a").contains("password authentication failed for user \"rotated\""),
                    "logins were refused between the rotation and the file's rewrite:\n" + daemons.log("daemon-a"));
            assertTrue(daemon.isAlive());
        }
    }
}
