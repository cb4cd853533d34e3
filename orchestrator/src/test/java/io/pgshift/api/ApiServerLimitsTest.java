package io.pgshift.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.pgshift.daemon.DaemonConfig.Listen;
import io.pgshift.daemon.DaemonConfig.Token;
import io.pgshift.daemon.Role;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The HTTP server's bounds (header deadline, API lane), and its access log, without a database. */
class ApiServerLimitsTest {
    private static final String TOKEN = "alice-secret-token";
    private static final HttpLimits SMALL = new HttpLimits(8, 16, 1, 1, Duration.ofSeconds(30), Duration.ofSeconds(1));

    private static ApiServer start(List<Route> routes) throws IOException {
        List<Route> all = new ArrayList<>(routes);
        all.add(Route.health("/healthz", new HealthHandler()));
        Token alice = new Token("alice", Authenticator.sha256(TOKEN), Set.of(Role.VIEWER));
        return ApiServer.start(new Listen("127.0.0.1", 0), SMALL, all, new Authenticator(List.of(alice)));
    }

    @Test
    void aConnectionThatSendsHalfARequestIsClosedAtTheHeaderDeadline() throws Exception {
        try (ApiServer server = start(List.of()); Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            long started = System.nanoTime();
            socket.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: loc".getBytes(StandardCharsets.US_ASCII));
            assertEquals(-1, socket.getInputStream().read(), "closed without an answer");
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertTrue(ms >= 900 && ms < 5_000, "closed after " + ms + " ms");
        }
    }

    /** The idle timeout resets on every byte; the header deadline does not. */
    @Test
    void trickledBytesDoNotMoveTheHeaderDeadline() throws Exception {
        try (ApiServer server = start(List.of()); Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            long started = System.nanoTime();
            byte[] request = "GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Slow: aaaaaaaaaaaaaaaaaaaa".getBytes(StandardCharsets.US_ASCII);
            try {
                for (byte b : request) {
                    out.write(b);
                    out.flush();
                    Thread.sleep(200);
                }
            } catch (IOException closed) {
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                assertTrue(ms < 5_000, "closed after " + ms + " ms");
                return;
            }
            throw new AssertionError("a request trickled over " + request.length * 200 + " ms was never cut");
        }
    }

    @Test
    void aKeptAliveConnectionServesSeveralRequests() throws Exception {
        try (ApiServer server = start(List.of()); Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5_000);
            for (int i = 0; i < 3; i++) {
                socket.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                assertTrue(head(socket.getInputStream()).startsWith("HTTP/1.1 200"), "request " + i);
                Thread.sleep(300);
            }
        }
    }

    @Test
    void aFullApiLaneAnswers503WhileHealthStillAnswers() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Route slow = Route.of("GET", "/slow", null, request -> {
            release.await(30, TimeUnit.SECONDS);
            return ApiResponse.ok(Map.of("slow", true));
        });
        try (ApiServer server = start(List.of(slow))) {
            ApiClient api = new ApiClient("http://127.0.0.1:" + server.port());
            List<Thread> waiting = new ArrayList<>();
            // one request on the single API worker, one in its queue of one
            for (int i = 0; i < 2; i++) {
                Thread t = new Thread(() -> api.get("/slow", null));
                t.start();
                waiting.add(t);
            }
            ApiClient.Reply busy = null;
            for (int i = 0; i < 50 && (busy == null || busy.status() != 503); i++) {
                Thread.sleep(100);
                busy = api.get("/slow", null);
            }
            assertEquals(503, busy.status(), String.valueOf(busy));
            assertEquals("BUSY", busy.json().path("code").asText());
            assertEquals("1", busy.header("Retry-After"));
            long started = System.nanoTime();
            assertEquals(200, api.get("/healthz", null).status());
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) < 1_000);
            release.countDown();
            for (Thread t : waiting) {
                t.join(10_000);
            }
        }
    }

    @Test
    void theAccessLogIsOneJsonLinePerRequestWithoutQueryOrToken() throws Exception {
        Logger access = (Logger) LoggerFactory.getLogger(JsonAccessLog.LOGGER);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        Level before = access.getLevel();
        access.addAppender(lines);
        access.setLevel(Level.INFO);
        Route thing = Route.of("GET", "/api/v1/thing", Role.VIEWER, request -> ApiResponse.ok(Map.of()));
        try (ApiServer server = start(List.of(thing))) {
            ApiClient api = new ApiClient("http://127.0.0.1:" + server.port());
            assertEquals(200, api.get("/api/v1/thing?token=" + TOKEN, TOKEN).status());
            assertEquals(401, api.get("/api/v1/thing", "wrong").status());
            for (int i = 0; i < 50 && lines.list.size() < 2; i++) {
                Thread.sleep(50);
            }
        } finally {
            access.detachAppender(lines);
            access.setLevel(before);
        }
        assertEquals(2, lines.list.size(), lines.list.toString());
        JsonNode ok = ApiJson.tree(lines.list.get(0).getFormattedMessage());
        assertEquals("GET", ok.path("method").asText());
        assertEquals("/api/v1/thing", ok.path("path").asText());
        assertEquals(200, ok.path("status").asInt());
        assertEquals("alice", ok.path("principal").asText());
        assertTrue(ok.path("duration_ms").isIntegralNumber() && ok.path("time").asText().endsWith("Z"), ok.toString());
        JsonNode refused = ApiJson.tree(lines.list.get(1).getFormattedMessage());
        assertEquals(401, refused.path("status").asInt());
        assertTrue(refused.path("principal").isMissingNode(), refused.toString());
        for (ILoggingEvent line : lines.list) {
            assertFalse(line.getFormattedMessage().contains(TOKEN) || line.getFormattedMessage().contains("wrong"),
                    line.getFormattedMessage());
            assertEquals(1, line.getFormattedMessage().lines().count());
        }
    }

    private static String head(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed after: " + head);
            }
            head.append((char) b);
        }
        int length = Integer.parseInt(head.toString().lines().filter(l -> l.toLowerCase().startsWith("content-length:"))
                .findFirst().orElseThrow().split(":")[1].trim());
        in.readNBytes(length);
        return head.toString();
    }

}
