package io.pgshift.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.pgshift.daemon.boot.Daemon;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A daemon's webhook is sent the audit row as written: a gate that samples duplicated e-mail
 * addresses reaches the chat room as a count, while the run's own error keeps them for the operator.
 */
@ExtendWith(PgDatabaseExtension.class)
class HookRedactionIT {
    private static final String TOKEN = "olivia-token";
    private static final String EMAIL = "user3@example.com";

    @Test
    void aWebhookGetsTheGateFailureWithSampleValuesRedacted(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE contacts (id bigint PRIMARY KEY, email text NOT NULL);"
                + " INSERT INTO contacts SELECT g, 'user' || g || '@example.com' FROM generate_series(1, 50) g;"
                + " UPDATE contacts SET email = '" + EMAIL + "' WHERE id = 7");
        BlockingQueue<String> bodies = new LinkedBlockingQueue<>();
        HttpServer chat = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        chat.createContext("/hook", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        chat.start();
        String config = """
                listen: 127.0.0.1:0
                node: hook-redaction-it
                targets:
                  staging:
                    url: %s
                tokens:
                  - {name: olivia, sha256: %s, roles: [operator, viewer]}
                hooks:
                  - {name: chat, events: [gate_failed], webhook: "http://127.0.0.1:%d/hook", timeout: 5s}
                """.formatted(db.jdbcUrlForChild(), ApiClient.sha256(TOKEN), chat.getAddress().getPort());
        try (Daemon daemon = TestDaemons.start(config)) {
            ApiClient api = new ApiClient(daemon.baseUrl());
            ApiClient.Reply created = api.submit("staging", TOKEN, "name: contacts-unique\ncontract:\n"
                    + "  - add_unique: {table: contacts, columns: [email], name: contacts_email_key}\n");
            assertEquals(201, created.status(), created.toString());
            long runId = created.json().path("run").path("id").asLong();
            String run = api.awaitState("staging", runId, TOKEN, "FAILED", 60).toString();
            assertTrue(run.contains(EMAIL), "the operator's view keeps the values: " + run);

            String body = bodies.poll(20, TimeUnit.SECONDS);
            assertNotNull(body, "no GATE_FAILED webhook");
            assertTrue(body.contains("\"event\":\"GATE_FAILED\""), body);
            assertFalse(body.contains(EMAIL), body);
            assertTrue(body.contains("<redacted: 1 value>"), body);
        } finally {
            chat.stop(0);
        }
    }
}
