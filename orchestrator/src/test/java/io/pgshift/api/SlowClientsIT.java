package io.pgshift.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.daemon.boot.Daemon;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Slow clients cannot starve the health checks: with 50 connections each holding half a request,
 * a daemon on real PostgreSQL still answers {@code /healthz} (and {@code /readyz}, from its
 * cached probe) within a second. The JDK server it replaced read headers on one of its 8 request
 * threads, so 8 such clients were enough to stop it answering anything.
 */
@ExtendWith(PgDatabaseExtension.class)
class SlowClientsIT {
    private static final int STALLED = 50;

    @Test
    void healthAnswersWithinASecondWhileFiftyConnectionsStallMidRequest(TestDatabase db) throws Exception {
        String config = """
                listen: 127.0.0.1:0
                node: slow-clients-it
                targets:
                  staging:
                    url: %s
                tokens:
                  - {name: olivia, sha256: %s, roles: [operator]}
                """.formatted(db.jdbcUrlForChild(), ApiClient.sha256("olivia-token"));
        List<Socket> stalled = new ArrayList<>();
        try (Daemon daemon = TestDaemons.start(config)) {
            for (int i = 0; i < STALLED; i++) {
                Socket socket = new Socket("127.0.0.1", daemon.port());
                stalled.add(socket);
                OutputStream out = socket.getOutputStream();
                // half a request line on some, half the headers on the others; then nothing
                String half = i % 2 == 0 ? "GET /api/v1/ru" : "POST /api/v1/targets/staging/runs HTTP/1.1\r\nHost: x\r\nAuthor";
                out.write(half.getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
            ApiClient api = new ApiClient(daemon.baseUrl());
            for (String path : List.of("/healthz", "/readyz", "/healthz")) {
                long started = System.nanoTime();
                ApiClient.Reply reply = api.get(path, null);
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                assertEquals(200, reply.status(), path + ": " + reply);
                assertTrue(ms < 1_000, path + " took " + ms + " ms with " + STALLED + " stalled connections");
            }
            for (Socket socket : stalled) {
                assertTrue(socket.isConnected() && !socket.isClosed(), "still stalled, not yet cut by the header deadline");
            }
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
    }
}
