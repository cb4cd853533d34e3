package io.pgshift.dashboard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.api.ApiException;
import io.pgshift.audit.AuditAction;
import io.pgshift.api.ApiResponse;
import io.pgshift.api.ApiServer;
import io.pgshift.api.Authenticator;
import io.pgshift.daemon.DaemonConfig.Listen;
import io.pgshift.run.RunState;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The dashboard's files as the daemon's HTTP server serves them, without a database. */
class DashboardHandlerTest {
    private static final DashboardAssets ASSETS = DashboardAssets.load();
    private static ApiServer server;

    @BeforeAll
    static void start() throws IOException {
        server = ApiServer.start(new Listen("127.0.0.1", 0), DashboardRoutes.of(ASSETS), new Authenticator(List.of()));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void everyAssetHasItsContentTypeAndIsRevalidated() {
        assertEquals("text/html; charset=utf-8", ASSETS.serve("index.html").contentType());
        assertEquals("text/css; charset=utf-8", ASSETS.serve("style.css").contentType());
        assertEquals("text/javascript; charset=utf-8", ASSETS.serve("app.js").contentType());
        assertEquals("image/svg+xml", ASSETS.serve("icon.svg").contentType());
        ApiResponse script = ASSETS.serve("run.js");
        assertEquals("no-cache", script.headers().get("Cache-Control"));
        assertEquals("nosniff", script.headers().get("X-Content-Type-Options"));
    }

    @Test
    void everyScriptThePageImportsIsServed() {
        Set<String> seen = new TreeSet<>();
        Deque<String> toRead = new ArrayDeque<>(List.of("app.js"));
        while (!toRead.isEmpty()) {
            String name = toRead.pop();
            if (seen.add(name)) {
                String script = new String(ASSETS.serve(name).body(), StandardCharsets.UTF_8);
                Matcher imports = Pattern.compile("from '\\./([^']+)'").matcher(script);
                while (imports.find()) {
                    toRead.push(imports.group(1));
                }
            }
        }
        assertTrue(seen.containsAll(Set.of("run.js", "sync.js", "api.js", "dom.js")), seen.toString());
    }

    /** The filters' lists are copies of the enums (the page has no build step): they must not fall behind. */
    @Test
    void theFiltersOfferEveryRunStateAndEveryAuditAction() {
        assertEquals(Arrays.stream(RunState.values()).map(Enum::name).toList(), listInScript("runs.js", "STATES"));
        assertEquals(Arrays.stream(AuditAction.values()).map(Enum::name).toList(), listInScript("audit.js", "ACTIONS"));
    }

    private static List<String> listInScript(String name, String constant) {
        String script = new String(ASSETS.serve(name).body(), StandardCharsets.UTF_8);
        Matcher list = Pattern.compile("const " + constant + " = \\[([^\\]]*)]").matcher(script);
        assertTrue(list.find(), constant + " in " + name);
        return Pattern.compile("'([A-Z_]+)'").matcher(list.group(1)).results().map(m -> m.group(1)).toList();
    }

    @Test
    void thePageAllowsNothingFromElsewhere() {
        String policy = ASSETS.serve("index.html").headers().get("Content-Security-Policy");
        assertTrue(policy.contains("default-src 'none'") && policy.contains("script-src 'self'"), policy);
        String html = new String(ASSETS.serve("index.html").body(), StandardCharsets.UTF_8);
        assertTrue(!html.contains("http://") && !html.contains("https://") && !html.contains("//cdn"),
                "no external asset: " + html);
    }

    @ParameterizedTest
    @ValueSource(strings = {"nope.js", "../x", "..", "", "%2e%2e%2fpom.xml", "DashboardAssets.class", "INDEX.HTML",
            "index.html/", "./app.js"})
    void anythingButAListedAssetIs404(String name) {
        ApiException e = assertThrows(ApiException.class, () -> ASSETS.serve(name));
        assertEquals(404, e.status());
    }

    @Test
    void theRootAndTheBareDashboardPathRedirectToTheDashboard() throws IOException {
        for (String path : List.of("/", "/dashboard")) {
            Raw reply = get(path);
            assertEquals(302, reply.status(), path + ": " + reply.head());
            assertTrue(reply.headLower().contains("\r\nlocation: /dashboard/\r\n"), reply.head());
        }
    }

    @Test
    void theDashboardServesItsPageAndFilesOverHttp() throws IOException {
        Raw page = get("/dashboard/");
        assertEquals(200, page.status());
        assertTrue(page.headLower().contains("content-type: text/html; charset=utf-8"), page.head());
        assertTrue(page.headLower().contains("cache-control: no-cache"), page.head());
        assertArrayEquals(ASSETS.serve("index.html").body(), page.body());
        Raw css = get("/dashboard/style.css");
        assertEquals(200, css.status());
        assertTrue(css.headLower().contains("content-type: text/css"), css.head());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/dashboard/nope.js", "/dashboard/../x", "/dashboard/../pom.xml", "/dashboard/..",
            "/dashboard/..%2f..%2fpom.xml", "/dashboard/%2e%2e/pom.xml", "/dashboard//etc/passwd",
            "/dashboard/io/pgshift/dashboard/app.js"})
    void unknownFilesAndPathTraversalAre404(String path) throws IOException {
        Raw reply = get(path);
        assertEquals(404, reply.status(), path + ": " + reply.head());
        assertTrue(reply.head().contains("application/json"), reply.head());
    }

    private record Raw(int status, String head, byte[] body) {
        /** Header names are case-insensitive; servers differ in how they spell them. */
        String headLower() {
            return head.toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A request sent byte for byte: an HTTP client library might normalise the {@code ..} away. */
    private static Raw get(String rawPath) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + rawPath + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] all = in.readAllBytes();
            String text = new String(all, StandardCharsets.ISO_8859_1);
            int split = text.indexOf("\r\n\r\n");
            String head = text.substring(0, split + 2);
            byte[] body = java.util.Arrays.copyOfRange(all, split + 4, all.length);
            return new Raw(Integer.parseInt(head.split(" ", 3)[1]), head, body);
        }
    }
}
