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
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Error mapping against a tiny HTTP server that answers with canned bodies (no daemon, no database). */
class DaemonClientTest {
    private HttpServer server;
    private final AtomicReference<Canned> answer = new AtomicReference<>();
    private final AtomicReference<String> authorization = new AtomicReference<>();
    /** The last request as {@code METHOD path?query}, its Content-Type and its body. */
    private final AtomicReference<String> requested = new AtomicReference<>();
    private final AtomicReference<String> requestType = new AtomicReference<>();
    private final AtomicReference<String> requestBody = new AtomicReference<>();

    private record Canned(int status, String contentType, String body) {
    }

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            requested.set(exchange.getRequestMethod() + " " + exchange.getRequestURI());
            requestType.set(exchange.getRequestHeaders().getFirst("Content-Type"));
            requestBody.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
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

    /** A run as the API shows it (api/RunViews), enough for the records the CLI prints. */
    private static String runJson(long id, String state, String createdAt) {
        return """
                {"target": "staging", "id": %d, "playbook": "p-%d", "description": null,
                 "checksum": "0123456789abcdef0123", "state": "%s", "phase": null, "submitted_by": "olga",
                 "approved_by": null, "created_at": "%s", "started_at": null, "updated_at": "%s",
                 "finished_at": null, "error": null, "waiting": null, "policy": null, "progress": null}"""
                .formatted(id, id, state, createdAt, createdAt);
    }

    @Test
    void rollbackPostsDropDataAndPrintsTheDaemonsReportAsInProcess() {
        String run = runJson(7, "ROLLED_BACK", "2026-11-25T10:00:00Z");
        answer.set(new Canned(200, "application/json", run.substring(0, run.lastIndexOf('}'))
                + ", \"undone\": [\"add column users.flag\"], \"not_undone\": [\"backfill users (values written stay)\"]}"));
        Cli.Result result = Cli.run("rollback", "7", "--drop-data", "--server", url(), "--token", "t", "--target", "staging");
        assertEquals(0, result.exitCode(), result.err());
        assertEquals("POST /api/v1/targets/staging/runs/7/rollback", requested.get());
        assertEquals("application/json", requestType.get());
        assertEquals("{\"drop_data\": true}", requestBody.get());
        assertEquals("""
                run 7 is ROLLED_BACK
                  undone:     add column users.flag
                  not undone: backfill users (values written stay)
                """, result.out());
        Cli.Result keep = Cli.run("rollback", "7", "--server", url(), "--token", "t", "--target", "staging");
        assertEquals(0, keep.exitCode(), keep.err());
        assertEquals("{\"drop_data\": false}", requestBody.get());
    }

    @Test
    void historyPrintsTheDaemonsRunsNewestFirst() {
        answer.set(new Canned(200, "application/json", "{\"runs\": [" + runJson(4, "SUCCEEDED", "2026-11-25T10:00:05Z")
                + ", " + runJson(5, "CANCELLED", "2026-11-25T10:00:04Z") + "], \"limit\": 2, \"offset\": 0}"));
        Cli.Result result = Cli.run("history", "--limit", "2", "--server", url(), "--token", "t", "--target", "staging");
        assertEquals(0, result.exitCode(), result.err());
        assertEquals("GET /api/v1/runs?target=staging&limit=2&offset=0", requested.get());
        List<String> lines = result.out().lines().toList();
        assertEquals(3, lines.size(), result.out());
        // ordered by id as the database's history is, though the daemon ordered them by creation time
        assertTrue(lines.get(1).startsWith("5     p-5   "), result.out());
        assertTrue(lines.get(2).matches("4     p-4 +0123456789ab SUCCEEDED +olga +2026-11-25 10:00:05 +"), result.out());
    }

    @Test
    void historyStopsPagingWhenAPageBringsNothingNew() {
        answer.set(new Canned(200, "application/json", "{\"runs\": [" + runJson(4, "SUCCEEDED", "2026-11-25T10:00:05Z")
                + "], \"limit\": 1, \"offset\": 0}"));
        DaemonClient daemon = client();
        assertEquals(List.of(4L), RemoteHistory.list(daemon, "staging", 3, 1).stream().map(r -> r.id()).toList());
    }

    @Test
    void optionsOnlyTheDatabaseCanHonourAreRefusedWithServerBeforeAsking() {
        answer.set(new Canned(500, "application/json", "{\"error\": \"must not be asked\", \"code\": \"INTERNAL\"}"));
        String[] remote = {"--server", url(), "--token", "t", "--target", "staging"};
        Cli.Result actor = Cli.run(concat(new String[] {"rollback", "7", "--actor", "bob"}, remote));
        assertEquals(2, actor.exitCode(), actor.err());
        assertEquals("pgshift: --actor is not available with --server (or PGSHIFT_SERVER): the daemon audits the rollback"
                + " under the token's name", actor.firstErrorLine());
        Cli.Result rollbackState = Cli.run(concat(new String[] {"rollback", "7", "--state-database-url",
                "jdbc:postgresql://x/state"}, remote));
        assertEquals(2, rollbackState.exitCode(), rollbackState.err());
        assertTrue(rollbackState.firstErrorLine().startsWith("pgshift: --state-database-url is not available with --server"),
                rollbackState.err());
        Cli.Result historyState = Cli.run(concat(new String[] {"history", "--state-database-url",
                "jdbc:postgresql://x/state"}, remote));
        assertEquals(2, historyState.exitCode(), historyState.err());
        assertTrue(historyState.firstErrorLine().startsWith("pgshift: --state-database-url is not available with --server"),
                historyState.err());
        assertEquals(null, requested.get(), "refused before asking the daemon");
        Cli.Result both = Cli.run("rollback", "7", "--server", url(), "--database-url", "jdbc:postgresql://x/y");
        assertEquals(2, both.exitCode(), both.err());
    }

    @Test
    void aNegativeLimitIsAUsageErrorWithOrWithoutADaemon() {
        Cli.Result remote = Cli.run("history", "--limit", "-1", "--server", url(), "--token", "t", "--target", "staging");
        assertEquals(2, remote.exitCode(), remote.err());
        assertEquals("pgshift: --limit must be 0 or more, got -1", remote.firstErrorLine());
        // an unreachable database: reaching it would exit 6, the limit is refused first
        Cli.Result local = Cli.run("history", "--limit", "-1", "--database-url", "jdbc:postgresql://127.0.0.1:1/none?user=x");
        assertEquals(2, local.exitCode(), local.err());
        assertEquals(remote.firstErrorLine(), local.firstErrorLine());
    }

    private static String[] concat(String[] a, String[] b) {
        return java.util.stream.Stream.concat(java.util.Arrays.stream(a), java.util.Arrays.stream(b)).toArray(String[]::new);
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
