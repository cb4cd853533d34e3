package io.pgshift.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.pgshift.daemon.Role;
import io.pgshift.daemon.boot.Daemon;
import io.pgshift.db.Connections;
import io.pgshift.db.DatabaseUrl;
import io.pgshift.ops.SiblingDatabase;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every route a viewer may call changes nothing, whoever calls it: on two fresh target databases
 * (a run applied and a baseline recorded beforehand, by an operator), each viewer route is called
 * with a viewer's and an operator's token, and the catalog of both databases and every row of
 * their tables are the same afterwards. The routes come from {@link ApiRoutes}, so a viewer
 * route added without a request here fails the test.
 */
@ExtendWith(PgDatabaseExtension.class)
class ViewerReadOnlyIT {
    private static final String OPERATOR = "olivia-token";
    private static final String VIEWER = "victor-token";
    private static final String PLAYBOOK = "name: add-nickname\nexpand:\n  - add_column: {table: users, column: nickname,"
            + " type: text}\n";
    private static final String APPLIED = "name: add-locale\nexpand:\n  - add_column: {table: users, column: locale,"
            + " type: text}\n";

    private static TestDatabase staging;
    private static SiblingDatabase production;
    private static Daemon daemon;
    private static ApiClient api;
    private static long runId;
    private static String job;

    @BeforeAll
    static void start(TestDatabase db) throws Exception {
        staging = db;
        production = SiblingDatabase.create(db, "prod");
        String schema = "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);"
                + " INSERT INTO users SELECT g, 'u' || g || '@example.com' FROM generate_series(1, 100) g; ANALYZE users";
        staging.execute(schema);
        production.execute(schema);
        daemon = TestDaemons.start(TestDaemons.twoTargets("viewer-read-only-it", db.jdbcUrlForChild(),
                production.jdbcUrl(), """
                  - {name: olivia, sha256: %s, roles: [operator]}
                  - {name: victor, sha256: %s, roles: [viewer]}
                """.formatted(ApiClient.sha256(OPERATOR), ApiClient.sha256(VIEWER))));
        api = new ApiClient(daemon.baseUrl());
        ApiClient.Reply created = api.submit("staging", OPERATOR, APPLIED);
        assertEquals(201, created.status(), created.toString());
        runId = created.json().path("run").path("id").asLong();
        api.awaitState("staging", runId, OPERATOR, "SUCCEEDED", 60);
        ApiClient.Reply baseline = api.method("POST", "/api/v1/targets/staging/baseline", OPERATOR, "{}");
        assertEquals(201, baseline.status(), baseline.toString());
        // a job to read back: a backup of a table that does not exist fails at once and writes nothing
        ApiClient.Reply started = api.method("POST", "/api/v1/targets/staging/backups", OPERATOR,
                "{\"tables\": [\"no_such_table\"]}");
        assertEquals(202, started.status(), started.toString());
        job = started.json().path("location").asText();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while ("RUNNING".equals(api.get(job, OPERATOR).json().path("state").asText()) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    @AfterAll
    static void stop() {
        if (daemon != null) {
            daemon.close();
        }
        production.close();
    }

    /** One request per viewer route, by "METHOD template". */
    private static Map<String, BiFunction<ApiClient, String, ApiClient.Reply>> requests() {
        String staged = "/api/v1/targets/staging";
        Map<String, BiFunction<ApiClient, String, ApiClient.Reply>> r = new LinkedHashMap<>();
        r.put("GET /api/v1/targets", (a, t) -> a.get("/api/v1/targets", t));
        r.put("GET /api/v1/runs", (a, t) -> a.get("/api/v1/runs", t));
        r.put("GET /api/v1/targets/{target}/runs/{id}", (a, t) -> a.get(staged + "/runs/" + runId, t));
        r.put("POST /api/v1/targets/{target}/plan", (a, t) -> a.post(staged + "/plan?format=json", t, "application/yaml",
                PLAYBOOK));
        r.put("GET /api/v1/targets/{target}/audit", (a, t) -> a.get(staged + "/audit?run=" + runId, t));
        r.put("GET /api/v1/targets/{target}/audit/export", (a, t) -> finished(a, a.get(staged + "/audit/export", t), t));
        r.put("GET /api/v1/targets/{target}/jobs/{id}/download", (a, t) -> {
            ApiClient.Reply job = finished(a, a.get(staged + "/audit/export", t), t);
            return a.get(job.json().path("download").asText(), t);
        });
        r.put("GET /api/v1/targets/{target}/audit/verify", (a, t) -> finished(a, a.get(staged + "/audit/verify", t), t));
        r.put("GET /api/v1/status", (a, t) -> a.get("/api/v1/status", t));
        r.put("GET /api/v1/schema/diff", (a, t) -> a.get("/api/v1/schema/diff?from=staging&to=production", t));
        r.put("GET /api/v1/targets/{target}/baseline", (a, t) -> a.get(staged + "/baseline", t));
        r.put("POST /api/v1/targets/{target}/preflight", (a, t) -> a.post("/api/v1/targets/production/preflight",
                t, "application/yaml", PLAYBOOK));
        r.put("GET /api/v1/targets/{target}/jobs/{id}", (a, t) -> a.get(job, t));
        r.put("GET /healthz", (a, t) -> a.get("/healthz", null));
        r.put("GET /readyz", (a, t) -> a.get("/readyz", null));
        return r;
    }

    /** A job's last view (200), once it ended: what it did is done before the snapshot is compared. */
    private static ApiClient.Reply finished(ApiClient api, ApiClient.Reply started, String token) {
        try {
            return api.get(api.awaitJob(started, token).path("location").asText(), token);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void everyRouteAViewerMayCallChangesNothingInEitherDatabase() throws Exception {
        List<Route> viewerRoutes = ApiRoutes.standard(new Targets(List.of()), null, Path.of("unused"), null, Clock.systemUTC())
                .stream().filter(route -> route.role() == null || route.role() == Role.VIEWER).toList();
        Map<String, BiFunction<ApiClient, String, ApiClient.Reply>> requests = requests();
        List<String> missing = viewerRoutes.stream().map(route -> route.method() + " " + route.template())
                .filter(key -> !requests.containsKey(key)).toList();
        if (!missing.isEmpty()) {
            fail("viewer routes without a request in this test (add one): " + missing);
        }

        Map<String, String> before = settled();
        assertTrue(before.get("staging").contains("pgshift.audit_log rows"), "the state schema is there to compare");
        for (var request : requests.entrySet()) {
            for (String token : List.of(VIEWER, OPERATOR)) {
                ApiClient.Reply reply = request.getValue().apply(api, token);
                assertEquals(200, reply.status(), request.getKey() + " as " + token + ": " + reply);
            }
        }
        Map<String, String> after = snapshots();
        assertEquals(before.get("staging"), after.get("staging"), "staging changed");
        assertEquals(before.get("production"), after.get("production"), "production changed");
        assertEquals(0, production.queryLong("SELECT count(*) FROM pgshift.audit_log WHERE action = 'PREFLIGHT_CHECKED'"),
                "a preflight through the API records nothing");
    }

    /** Snapshots once the daemon's own start-up writes are over: two equal ones a second apart. */
    private static Map<String, String> settled() throws Exception {
        Map<String, String> last = snapshots();
        for (int i = 0; i < 30; i++) {
            Thread.sleep(1000);
            Map<String, String> now = snapshots();
            if (now.equals(last)) {
                return now;
            }
            last = now;
        }
        throw new AssertionError("the databases did not settle before the requests");
    }

    private static Map<String, String> snapshots() throws SQLException {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("staging", snapshot(staging.url()));
        all.put("production", snapshot(production.url()));
        return all;
    }

    /**
     * Every relation, column, trigger, function and schema outside the system's, and each table's
     * row count and content digest. Quartz's tables are left out: its scheduler writes them on
     * its own clock (check-ins, the cleanup job's firings), whatever the API is asked.
     */
    private static String snapshot(DatabaseUrl url) throws SQLException {
        String user = "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'";
        StringBuilder sb = new StringBuilder();
        try (Connection c = Connections.open(url, "pgshift-test"); Statement s = c.createStatement()) {
            lines(s, "SELECT nspname FROM pg_namespace n WHERE " + user + " ORDER BY 1", sb);
            lines(s, "SELECT n.nspname || '.' || c.relname || ' ' || c.relkind::text FROM pg_class c JOIN pg_namespace n"
                    + " ON n.oid = c.relnamespace WHERE " + user + " ORDER BY 1", sb);
            lines(s, "SELECT a.attrelid::regclass || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)"
                    + " || ' ' || a.attnotnull::text FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n"
                    + " ON n.oid = c.relnamespace WHERE " + user + " AND a.attnum > 0 AND NOT a.attisdropped ORDER BY 1", sb);
            lines(s, "SELECT t.tgrelid::regclass || ' ' || t.tgname FROM pg_trigger t WHERE NOT t.tgisinternal ORDER BY 1", sb);
            lines(s, "SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                    + " WHERE " + user + " ORDER BY 1", sb);
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c"
                    + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE " + user + " AND c.relkind IN ('r', 'p')"
                    + " AND c.relname NOT LIKE 'qrtz\\_%' ORDER BY 1")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                lines(s, "SELECT '" + table + " rows ' || count(*) || ' ' || coalesce(md5(string_agg(t::text, ','"
                        + " ORDER BY t::text)), '-') FROM " + table + " t", sb);
            }
        }
        return sb.toString();
    }

    private static void lines(Statement s, String sql, StringBuilder sb) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                sb.append(rs.getString(1)).append('\n');
            }
        }
    }
}
