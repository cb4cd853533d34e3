package io.pgshift.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pgshift.audit.AuditAction;
import io.pgshift.audit.AuditEntry;
import io.pgshift.audit.AuditLog;
import io.pgshift.audit.AuditObserver;
import io.pgshift.audit.AuditRecord;
import io.pgshift.metrics.MetricNames;
import io.pgshift.run.StateSchema;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(PgDatabaseExtension.class)
class HookDispatcherIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private TestDatabase db;

    @BeforeAll
    static void migrate(TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            StateSchema.migrate(c);
        }
    }

    @BeforeEach
    void setUp(TestDatabase db) {
        this.db = db;
    }

    private HookDispatcher dispatcher(HookConfig... hooks) {
        return new HookDispatcher(List.of(hooks), "prod", db.url(), new AuditLog(Clock.systemUTC()), registry);
    }

    /** Appends through a log observed by {@code dispatcher}, as the engine would, and drains the hooks. */
    private AuditRecord appendAndDrain(HookDispatcher dispatcher, AuditEntry entry) throws SQLException {
        AuditRecord record;
        try (dispatcher; Connection c = db.connect()) {
            record = new AuditLog(Clock.systemUTC(), dispatcher).append(c, entry);
        }
        return record;
    }

    private static AuditEntry failed(long runId) {
        return new AuditEntry("node-1", AuditAction.FAILED, runId, Map.of("phase", "EXPANDING", "error", "boom"));
    }

    private long hookFailures(long runId) {
        return db.queryLong("SELECT count(*) FROM pgshift.audit_log WHERE action = 'HOOK_FAILED' AND run_id = " + runId);
    }

    private JsonNode hookFailure(long runId) throws IOException {
        return JSON.readTree(String.valueOf(db.queryValue(
                "SELECT details::text FROM pgshift.audit_log WHERE action = 'HOOK_FAILED' AND run_id = " + runId)));
    }

    private double failureCount(String hook, String reason) {
        var counter = registry.find(MetricNames.HOOK_FAILURES).tags("hook", hook, "reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    private static HttpServer server(HttpHandler handler) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", handler);
        server.start();
        return server;
    }

    private static URI hookUrl(HttpServer server) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    @Test
    void commandGetsTheEventInItsEnvironmentAndOnStdin(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("event.txt");
        HookConfig hook = HookConfig.command("notify", Set.of(AuditAction.FAILED),
                List.of("sh", "-c", "cat > \"$0\"; echo; env | grep PGSHIFT_ | sort >> \"$0\"", out.toString()),
                Duration.ofSeconds(10));

        AuditRecord record = appendAndDrain(dispatcher(hook), failed(101));

        String text = Files.readString(out, StandardCharsets.UTF_8);
        JsonNode stdin = JSON.readTree(text.lines().findFirst().orElseThrow());
        assertEquals("FAILED", stdin.get("event").asText());
        assertEquals(101, stdin.get("run_id").asLong());
        assertEquals(record.id(), stdin.get("audit_id").asLong());
        assertEquals("prod", stdin.get("target").asText());
        assertEquals("boom", stdin.get("details").get("error").asText());
        assertTrue(text.contains("PGSHIFT_EVENT=FAILED"), text);
        assertTrue(text.contains("PGSHIFT_RUN_ID=101"), text);
        assertTrue(text.contains("PGSHIFT_ACTOR=node-1"), text);
        assertTrue(text.contains("PGSHIFT_TARGET=prod"), text);
        assertTrue(text.contains("PGSHIFT_DETAILS_JSON={\"phase\":\"EXPANDING\",\"error\":\"boom\"}")
                || text.contains("PGSHIFT_DETAILS_JSON={\"error\":\"boom\",\"phase\":\"EXPANDING\"}"), text);
        assertEquals(0, hookFailures(101));
    }

    @Test
    void hookPastItsTimeoutIsKilledAndAudited() throws Exception {
        HookConfig hook = HookConfig.command("slow", Set.of(AuditAction.FAILED), List.of("sh", "-c", "sleep 30"),
                Duration.ofMillis(500));
        long started = System.nanoTime();

        appendAndDrain(dispatcher(hook), failed(102));

        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(15), "the hook was not killed in time");
        assertEquals(1, hookFailures(102));
        JsonNode details = hookFailure(102);
        assertEquals("slow", details.get("hook").asText());
        assertEquals("timeout", details.get("reason").asText());
        assertEquals("FAILED", details.get("event").asText());
        assertEquals(1, failureCount("slow", "timeout"));
    }

    @Test
    void failingCommandIsAuditedWithItsOutput() throws Exception {
        HookConfig hook = HookConfig.command("broken", Set.of(AuditAction.FAILED),
                List.of("sh", "-c", "echo cannot reach pager >&2; exit 1"), Duration.ofSeconds(10));

        appendAndDrain(dispatcher(hook), failed(103));

        JsonNode details = hookFailure(103);
        assertEquals("failed", details.get("reason").asText());
        assertEquals("exit code 1", details.get("detail").asText());
        assertEquals("cannot reach pager", details.get("output").asText());
        assertEquals(1, failureCount("broken", "failed"));
    }

    @Test
    void missingProgramIsAuditedNotThrown() throws Exception {
        HookConfig hook = HookConfig.command("typo", Set.of(AuditAction.FAILED),
                List.of("/nonexistent/pgshift-hook"), Duration.ofSeconds(10));

        appendAndDrain(dispatcher(hook), failed(104));

        assertEquals("error", hookFailure(104).get("reason").asText());
    }

    @Test
    void webhookReceivesTheEventAsJson() throws Exception {
        BlockingQueue<String> bodies = new ArrayBlockingQueue<>(4);
        HttpServer server = server(exchange -> {
            bodies.add(exchange.getRequestMethod() + " " + exchange.getRequestHeaders().getFirst("Content-Type") + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        try {
            URI url = hookUrl(server);
            HookConfig hook = HookConfig.webhook("chat", Set.of(AuditAction.SUCCEEDED), url, Duration.ofSeconds(5));

            appendAndDrain(dispatcher(hook), new AuditEntry("node-1", AuditAction.SUCCEEDED, 105L, Map.of("rows", 3)));

            String received = bodies.poll(5, TimeUnit.SECONDS);
            assertTrue(received != null && received.startsWith("POST application/json {"), String.valueOf(received));
            JsonNode body = JSON.readTree(received.substring(received.indexOf('{')));
            assertEquals("SUCCEEDED", body.get("event").asText());
            assertEquals(105, body.get("run_id").asLong());
            assertEquals(3, body.get("details").get("rows").asInt());
            assertEquals(0, hookFailures(105));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void webhookAnsweringAnErrorIsAudited() throws Exception {
        HttpServer server = server(exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = "down for maintenance".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(503, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        try {
            appendAndDrain(dispatcher(HookConfig.webhook("chat", Set.of(AuditAction.FAILED), hookUrl(server),
                    Duration.ofSeconds(5))),
                    failed(106));

            JsonNode details = hookFailure(106);
            assertEquals("HTTP 503", details.get("detail").asText());
            assertEquals("down for maintenance", details.get("output").asText());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void awaitingApprovalHookRunsWhenARunStartsWaitingForApproval(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("event.txt");
        HookConfig hook = HookConfig.command("approvers", Set.of(AuditAction.AWAITING_APPROVAL),
                List.of("sh", "-c", "cat > \"$0\"", out.toString()), Duration.ofSeconds(10));

        // what the daemon appends when a submitted run waits for its approver (SubmitRunHandler)
        appendAndDrain(dispatcher(hook), new AuditEntry("alice", AuditAction.APPROVAL_REQUESTED, 108L,
                Map.of("target", "prod", "policy", "approval_required")));

        JsonNode stdin = JSON.readTree(Files.readString(out, StandardCharsets.UTF_8));
        assertEquals("APPROVAL_REQUESTED", stdin.get("event").asText());
        assertEquals(108, stdin.get("run_id").asLong());
        assertEquals("alice", stdin.get("actor").asText());
        assertEquals(0, hookFailures(108));
    }

    @Test
    void nonMatchingEventsRunNothing(@TempDir Path dir) throws Exception {
        Path marker = dir.resolve("ran");
        HookConfig hook = HookConfig.command("notify", Set.of(AuditAction.SUCCEEDED),
                List.of("touch", marker.toString()), Duration.ofSeconds(5));

        appendAndDrain(dispatcher(hook), failed(107));
        appendAndDrain(dispatcher(hook), AuditEntry.of("node-1", AuditAction.PAUSED, 107L));

        assertFalse(Files.exists(marker));
    }

    @Test
    void hookFailuresDoNotTriggerHooksEvenThroughAnObservedLog() throws Exception {
        HookConfig failing = HookConfig.command("broken", Set.of(AuditAction.FAILED), List.of("false"),
                Duration.ofSeconds(5));
        // the failures go to a log observed by the dispatcher itself: HOOK_FAILED must not be dispatched
        List<AuditRecord> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        HookDispatcher[] self = new HookDispatcher[1];
        AuditObserver observed = r -> {
            seen.add(r);
            self[0].appended(r);
        };
        self[0] = new HookDispatcher(List.of(failing), "prod", db.url(), new AuditLog(Clock.systemUTC(), observed), registry);

        appendAndDrain(self[0], failed(108));

        assertEquals(1, hookFailures(108));
        assertEquals(List.of(AuditAction.HOOK_FAILED), seen.stream().map(AuditRecord::action).toList());
        assertEquals(1, failureCount("broken", "failed"));
    }
}
