package io.pgshift.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgshift.daemon.DaemonConfigParser;
import io.pgshift.daemon.boot.Daemon;
import io.pgshift.daemon.boot.DaemonExtensions;
import io.pgshift.daemon.boot.MetricsRoute;
import io.pgshift.metrics.PrometheusEndpoint;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A daemon drives a run held before contract while the application's old version keeps inserting
 * rows without the new column: the API shows the sync trigger's evidence, refuses complete (409,
 * with the numbers) while the old version writes, accepts it once the trigger is quiet, and the
 * daemon's automatic cleanup drops the retained trigger by itself, audited and hooked. Metrics
 * show the trigger meanwhile.
 */
@ExtendWith(PgDatabaseExtension.class)
class SyncTriggerDaemonIT {
    private static final String OPERATOR = "olivia-token";
    private static final String VIEWER = "victor-token";

    @TempDir
    Path dir;

    @Test
    void heldRunIsCompletedOnEvidenceAndItsTriggerDroppedByTheDaemonOnceQuiet(TestDatabase db) throws Exception {
        Path hookOut = dir.resolve("hook.out");
        String config = """
                listen: 127.0.0.1:0
                node: sync-it
                targets:
                  staging:
                    url: %s
                tokens:
                  - {name: olivia, sha256: %s, roles: [operator]}
                  - {name: victor, sha256: %s, roles: [viewer]}
                hooks:
                  - name: deploy-desk
                    events: [awaiting_contract, sync_trigger_dropped]
                    command: [sh, -c, 'cat >> %s; echo >> %s']
                    timeout: 10s
                """.formatted(db.jdbcUrlForChild(), ApiClient.sha256(OPERATOR), ApiClient.sha256(VIEWER), hookOut, hookOut);
        String table = DaemonApiIT.table(db::execute, "t_held", 2000);
        String yaml = TestDaemons.doublingPlaybook("held-doubling", table, "{size: 200}")
                .replace("expand:", "settings: {hold_before_contract: true, sync_quiet_period: 2s}\nexpand:");
        PrometheusEndpoint prometheus = new PrometheusEndpoint();
        OldVersion old = new OldVersion(db, table);
        try (Daemon daemon = Daemon.start(new DaemonConfigParser(Map.of(), "unused").parse("daemon.yaml", config),
                new DaemonExtensions(prometheus.registry(), List.of(MetricsRoute.of(prometheus))), Clock.systemUTC())) {
            ApiClient api = new ApiClient(daemon.baseUrl());
            old.start();
            ApiClient.Reply created = api.submit("staging", OPERATOR, yaml);
            assertEquals(201, created.status(), created.toString());
            long runId = created.json().path("run").path("id").asLong();
            String run = "/api/v1/targets/staging/runs/" + runId;

            JsonNode held = api.awaitState("staging", runId, VIEWER, "AWAITING_CONTRACT", 60);
            JsonNode trigger = held.path("sync_triggers").get(0);
            assertEquals("ACTIVE", trigger.path("state").asText(), held.toString());
            assertTrue(trigger.path("relied_on").asBoolean(), trigger.toString());
            assertTrue(trigger.path("summary").asText().contains("writers still omit t_held.doubled"), trigger.toString());

            assertEquals(403, api.post(run + "/complete", VIEWER, "application/json", "{}").status(), "viewers change nothing");
            ApiClient.Reply refused = api.post(run + "/complete", OPERATOR, "application/json", "{}");
            assertEquals(409, refused.status(), refused.toString());
            assertTrue(refused.json().path("sync_triggers").get(0).path("rows_filled").asLong() > 0, refused.toString());
            assertEquals(400, api.post(run + "/complete", OPERATOR, "application/json", "{\"forse\": true}").status());

            old.stop();
            Thread.sleep(3500); // the quiet period (2s) on a clock of whole seconds
            ApiClient.Reply completed = api.post(run + "/complete", OPERATOR, "application/json", "{}");
            assertEquals(200, completed.status(), completed.toString());
            JsonNode done = api.awaitState("staging", runId, VIEWER, "SUCCEEDED", 60);
            assertEquals(0, db.queryLong("SELECT count(*) FROM " + table + " WHERE doubled IS DISTINCT FROM n * 2"));
            assertTrue(done.path("sync_triggers").get(0).path("state").asText().matches("RETAINED|DROPPED"), done.toString());

            String metrics = scrape(daemon);
            assertTrue(metrics.contains("pgshift_sync_triggers_retained"), metrics);

            // the automatic cleanup fires every 30 s on the cluster
            for (int i = 0; i < 700 && !"DROPPED".equals(state(db, runId)); i++) {
                Thread.sleep(100);
            }
            assertEquals("DROPPED", state(db, runId), "the daemon dropped the quiet retained trigger by itself");
            assertEquals(0, db.queryLong("SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'pgshift_sync%'"));
            assertEquals("sync-it (automatic cleanup)", db.queryValue("SELECT actor FROM pgshift.audit_log WHERE run_id = "
                    + runId + " AND action = 'SYNC_TRIGGER_DROPPED'"));
            for (int i = 0; i < 100 && !(Files.exists(hookOut) && Files.readString(hookOut).contains("SYNC_TRIGGER_DROPPED")); i++) {
                Thread.sleep(100);
            }
            String events = Files.readString(hookOut);
            assertTrue(events.contains("\"event\":\"AWAITING_CONTRACT\""), events);
            assertTrue(events.contains("\"event\":\"SYNC_TRIGGER_DROPPED\""), events);
            assertEquals(List.of(), old.errors(), "the old version's inserts never failed");
        } finally {
            old.stop();
        }
    }

    private static String state(TestDatabase db, long runId) {
        return (String) db.queryValue("SELECT state FROM pgshift.sync_trigger WHERE run_id = " + runId);
    }

    private static String scrape(Daemon daemon) throws Exception {
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(daemon.baseUrl() + "/metrics")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return metrics.body();
    }

    /** The application's old version: one thread inserting rows that never name the new column. */
    private static final class OldVersion {
        private final TestDatabase db;
        private final String table;
        private final AtomicBoolean stop = new AtomicBoolean();
        private final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        private Thread thread;

        OldVersion(TestDatabase db, String table) {
            this.db = db;
            this.table = table;
        }

        void start() {
            thread = new Thread(() -> {
                try (Connection c = db.connect();
                     PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (n) VALUES (?)")) {
                    for (int i = 0; !stop.get(); i++) {
                        try {
                            ps.setInt(1, 100_000 + i);
                            ps.executeUpdate();
                        } catch (SQLException e) {
                            errors.add(e.getSQLState() + ": " + e.getMessage().split("\n", 2)[0]);
                        }
                        Thread.sleep(20);
                    }
                } catch (SQLException e) {
                    errors.add("connection: " + e.getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "old-version");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            stop.set(true);
            if (thread != null) {
                thread.join(10_000);
            }
        }

        List<String> errors() {
            return List.copyOf(errors);
        }
    }
}
