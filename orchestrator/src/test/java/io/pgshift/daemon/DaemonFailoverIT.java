package io.pgshift.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.api.ApiClient;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");
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

    @Test
    void runSubmittedToAKilledDaemonIsFinishedByTheOther(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE t_failover (id bigserial PRIMARY KEY, n int NOT NULL);"
                + " INSERT INTO t_failover (n) SELECT g FROM generate_series(1, 12000) g; ANALYZE t_failover");
        Process a = daemon(db, "daemon-a");
        Process b = null;
        try {
            ApiClient first = new ApiClient(baseUrl(a, "daemon-a"));
            ApiClient.Reply submitted = first.submit("staging", TOKEN, PLAYBOOK);
            assertEquals(201, submitted.status(), submitted.toString());
            long runId = submitted.json().path("run").path("id").asLong();
            waitFor(() -> scanned(db) > 600, 60, "the backfill to make progress on daemon-a");

            b = daemon(db, "daemon-b");
            ApiClient second = new ApiClient(baseUrl(b, "daemon-b"));
            waitFor(() -> second.get("/readyz", null).status() == 200, 60, "daemon-b to be ready");
            assertEquals(0, db.queryLong("SELECT count(*) FROM pgshift.backfill_partition WHERE node = 'daemon-b'"),
                    "daemon-a holds every partition until it dies");
            long before = scanned(db);
            assertTrue(before < 12000, "killed mid-backfill (" + before + " rows scanned)");

            a.destroyForcibly();
            assertTrue(a.waitFor(20, TimeUnit.SECONDS));

            var done = second.awaitState("staging", runId, TOKEN, "SUCCEEDED", 120);
            assertEquals("SUCCEEDED", done.path("state").asText(), log("daemon-b"));
            assertEquals(0, db.queryLong("SELECT count(*) FROM t_failover WHERE doubled IS DISTINCT FROM n * 2"));
            assertTrue(db.queryLong("SELECT count(*) FROM pgshift.backfill_partition WHERE node = 'daemon-b'") > 0,
                    "daemon-b took the partitions over");
            assertTrue(second.get("/api/v1/targets/staging/audit/verify", TOKEN).json().path("ok").asBoolean());
        } finally {
            a.destroyForcibly();
            if (b != null) {
                b.destroyForcibly();
                b.waitFor(20, TimeUnit.SECONDS);
            }
        }
    }

    private Process daemon(TestDatabase db, String node) throws Exception {
        Path config = dir.resolve(node + ".yaml");
        Files.writeString(config, """
                listen: 127.0.0.1:0
                node: %s
                partitions: 2
                threads: 4
                targets:
                  staging: {url: "%s"}
                tokens:
                  - {name: ops, sha256: %s, roles: [viewer, operator]}
                """.formatted(node, db.jdbcUrlForChild(), ApiClient.sha256(TOKEN)));
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        return new ProcessBuilder(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "io.pgshift.cli.Main", "daemon", "--config", config.toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve(node + ".log").toFile()).start();
    }

    private String baseUrl(Process daemon, String node) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Matcher m = LISTENING.matcher(log(node));
            if (m.find()) {
                return m.group(1);
            }
            if (!daemon.isAlive()) {
                throw new AssertionError(node + " exited " + daemon.exitValue() + ":\n" + log(node));
            }
            Thread.sleep(100);
        }
        throw new AssertionError(node + " did not start:\n" + log(node));
    }

    private String log(String node) throws Exception {
        Path log = dir.resolve(node + ".log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    private static long scanned(TestDatabase db) {
        try {
            return db.queryLong("SELECT coalesce(sum(rows_scanned), 0) FROM pgshift.backfill_partition");
        } catch (IllegalStateException notYet) {
            return 0;
        }
    }

    private static void waitFor(BooleanSupplier condition, int seconds, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(200);
        }
    }
}
