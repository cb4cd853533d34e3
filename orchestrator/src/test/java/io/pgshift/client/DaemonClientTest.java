package io.pgshift.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.pgshift.cli.Cli;
import io.pgshift.error.ErrorCode;
import io.pgshift.error.PgshiftException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Error mapping against a tiny HTTP server that answers with canned bodies (no daemon, no database). */
class DaemonClientTest {
    private HttpServer server;
    private final AtomicReference<Canned> answer = new AtomicReference<>();
    private final AtomicReference<String> authorization = new AtomicReference<>();

    private record Canned(int status, String contentType, String body) {
    }

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            Canned canned = answer.get();
            byte[] bytes = canned.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", canned.contentType());
            exchange.sendResponseHeaders(canned.status(), bytes.length == 0 ? -1 : bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private DaemonClient client() {
        return new DaemonClient(URI.create(url()), "s3cret-token", Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    private PgshiftException refused(int status, String json) {
        answer.set(new Canned(status, "application/json", json));
        return assertThrows(PgshiftException.class, () -> client().run("staging", 7));
    }

    @Test
    void errorCodeNamesComeBackAsTheirErrorCodes() {
        assertEquals(ErrorCode.PLAN_REJECTED, refused(422, "{\"error\":\"does not fit\",\"code\":\"PLAN_REJECTED\"}").code());
        assertEquals(ErrorCode.LINT_FAILED, refused(422, "{\"error\":\"lint\",\"code\":\"LINT_FAILED\"}").code());
        assertEquals(ErrorCode.RUN_CONFLICT, refused(409, "{\"error\":\"busy\",\"code\":\"RUN_CONFLICT\"}").code());
        assertEquals(ErrorCode.DATABASE, refused(503, "{\"error\":\"down\",\"code\":\"DATABASE\"}").code());
        assertEquals(ErrorCode.INTERNAL, refused(500, "{\"error\":\"bug\",\"code\":\"INTERNAL\"}").code());
    }

    @Test
    void httpReasonsMapToUsageAndAuth() {
        assertEquals(ErrorCode.USAGE, refused(404, "{\"error\":\"there is no run 7\",\"code\":\"NOT_FOUND\"}").code());
        assertEquals(ErrorCode.USAGE, refused(400, "{\"error\":\"bad limit\",\"code\":\"BAD_REQUEST\"}").code());
        assertEquals(ErrorCode.AUTH, refused(401, "{\"error\":\"unknown token\",\"code\":\"UNAUTHORIZED\"}").code());
        assertEquals(ErrorCode.AUTH, refused(403, "{\"error\":\"needs operator\",\"code\":\"FORBIDDEN\"}").code());
        assertEquals(ErrorCode.INTERNAL, refused(415, "{\"error\":\"type\",\"code\":\"UNSUPPORTED_MEDIA_TYPE\"}").code());
    }

    @Test
    void aBodyThatIsNotJsonIsMappedByItsStatus() {
        answer.set(new Canned(502, "text/html", "<html>Bad Gateway</html>"));
        PgshiftException e = assertThrows(PgshiftException.class, () -> client().run("staging", 7));
        assertEquals(ErrorCode.DATABASE, e.code());
        assertTrue(e.getMessage().startsWith("the daemon answered HTTP 502"), e.getMessage());
        answer.set(new Canned(403, "text/plain", ""));
        assertEquals(ErrorCode.AUTH, assertThrows(PgshiftException.class, () -> client().run("staging", 7)).code());
    }

    @Test
    void theDaemonsLineComesFirstThenProblemsWithTheLocalFileName() {
        answer.set(new Canned(422, "application/json", """
                {"error": "the playbook is invalid: 1 problem(s)", "code": "PLAYBOOK_INVALID",
                 "problems": [{"file": "playbook.yaml", "line": 3, "column": 17, "path": "expand[0].add_column",
                               "message": "unknown key 'colum'"}]}"""));
        PgshiftException e = assertThrows(PgshiftException.class, () -> client().submit("staging", "x", "users.yaml"));
        assertEquals(ErrorCode.PLAYBOOK_INVALID, e.code());
        String[] lines = e.getMessage().split("\n");
        assertEquals("the playbook is invalid: 1 problem(s)", lines[0]);
        assertEquals("users.yaml:3:17: expand[0].add_column: unknown key 'colum'", lines[1]);
    }

    @Test
    void conflictDetailsAreListedUnderTheLine() {
        PgshiftException e = refused(409, "{\"error\":\"changed playbook\",\"code\":\"RUN_CONFLICT\",\"run_id\":4,"
                + "\"run_checksum\":\"abc\",\"submitted_checksum\":\"def\"}");
        assertTrue(e.getMessage().startsWith("changed playbook\n"), e.getMessage());
        assertTrue(e.getMessage().contains("  run_id: 4"), e.getMessage());
        assertTrue(e.getMessage().contains("  submitted_checksum: def"), e.getMessage());
    }

    @Test
    void theTokenTravelsOnlyInTheAuthorizationHeader() {
        PgshiftException e = refused(401, "{\"error\":\"unknown token\",\"code\":\"UNAUTHORIZED\"}");
        assertEquals("Bearer s3cret-token", authorization.get());
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
        assertFalse(client().toString().contains("s3cret"));
    }

    @Test
    void theCliExitsFourteenOnARefusedTokenAndNeverPrintsIt() {
        answer.set(new Canned(401, "application/json", "{\"error\":\"unknown token\",\"code\":\"UNAUTHORIZED\"}"));
        Cli.Result result = Cli.run("status", "7", "--server", url(), "--token", "s3cret-token", "--target", "staging");
        assertEquals(14, result.exitCode(), result.err());
        assertEquals("pgshift: unknown token", result.firstErrorLine());
        assertFalse((result.out() + result.err()).contains("s3cret"));
    }

    @Test
    void anUnreachableDaemonExitsSixNamingTheAddress() {
        String gone = url();
        server.stop(0);
        Cli.Result result = Cli.run("pause", "7", "--server", gone, "--token", "t", "--target", "staging");
        assertEquals(6, result.exitCode(), result.err());
        assertTrue(result.firstErrorLine().startsWith("pgshift: cannot reach the daemon at " + gone), result.err());
    }

    @Test
    void daemonModeNeedsATargetAndAnHttpAddress() {
        Cli.Result noTarget = Cli.run("status", "--server", url(), "--token", "t");
        assertEquals(2, noTarget.exitCode(), noTarget.err());
        assertTrue(noTarget.firstErrorLine().contains("--target NAME"), noTarget.err());
        Cli.Result badUrl = Cli.run("status", "--server", "jdbc:postgresql://x/y", "--token", "t", "--target", "s");
        assertEquals(2, badUrl.exitCode(), badUrl.err());
        Cli.Result both = Cli.run("status", "--server", url(), "--database-url", "jdbc:postgresql://x/y");
        assertEquals(2, both.exitCode(), both.err());
    }
}
