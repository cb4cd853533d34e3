package io.pgshift.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A daemon started as {@code pgshift daemon} wires it: the run's statements show up in
 * {@code /metrics}, and a configured command hook hears the run succeed.
 */
@ExtendWith(PgDatabaseExtension.class)
class DaemonMetricsHooksIT {
    @TempDir
    Path dir;

    @Test
    void runFeedsPrometheusMetricsAndFiresItsHook(TestDatabase db) throws Exception {
        Path hookOut = dir.resolve("hook.out");
        String config = """
                listen: 127.0.0.1:0
                node: metrics-it
                targets:
                  staging:
                    url: %s
                tokens:
                  - {name: olivia, sha256: %s, roles: [operator]}
                hooks:
                  - name: notify
                    events: [succeeded]
                    command: [sh, -c, 'cat > %s']
                    timeout: 10s
                """.formatted(db.jdbcUrlForChild(), ApiClient.sha256("olivia-token"), hookOut);
        PrometheusEndpoint prometheus = new PrometheusEndpoint();
        try (Daemon daemon = Daemon.start(new DaemonConfigParser(Map.of(), "unused").parse("daemon.yaml", config),
                new DaemonExtensions(prometheus.registry(), List.of(MetricsRoute.of(prometheus))), Clock.systemUTC())) {
            ApiClient api = new ApiClient(daemon.baseUrl());
            String table = DaemonApiIT.table(db::execute, "t_metrics", 500);
            ApiClient.Reply created = api.submit("staging", "olivia-token", DaemonApiIT.playbook("metrics", table, "{size: 100}"));
            assertEquals(201, created.status(), created.toString());
            long runId = created.json().path("run").path("id").asLong();
            api.awaitState("staging", runId, "olivia-token", "SUCCEEDED", 60);

            HttpResponse<String> metrics = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(daemon.baseUrl() + "/metrics")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.body().contains("pgshift_statement_duration_seconds"), metrics.body());
            assertTrue(metrics.body().contains("target=\"staging\""), metrics.body());

            for (int i = 0; i < 100 && !(Files.exists(hookOut) && Files.readString(hookOut).contains("SUCCEEDED")); i++) {
                Thread.sleep(100);
            }
            String event = Files.readString(hookOut);
            assertTrue(event.contains("\"event\":\"SUCCEEDED\""), event);
            assertTrue(event.contains("\"run_id\":" + runId), event);
        }
    }
}
