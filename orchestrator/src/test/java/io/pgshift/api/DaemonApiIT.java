package io.pgshift.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgshift.daemon.boot.Daemon;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The daemon's API end to end, in this JVM, on real PostgreSQL: two targets (one needing
 * approval, in a second database), tokens of every role. Each test changes a table of its own,
 * so runs never wait on one another's tables.
 */
@ExtendWith(PgDatabaseExtension.class)
class DaemonApiIT {
    static final String OPERATOR = "olivia-token";
    static final String VIEWER = "victor-token";
    static final String APPROVER = "abby-token";
    static final String OPERATOR_APPROVER = "sam-token";

    private static Daemon daemon;
    private static ApiClient api;
    private static TestDatabase staging;
    private static String gatedDb;

    @BeforeAll
    static void start(TestDatabase db) throws Exception {
        staging = db;
        gatedDb = db.name() + "_gated";
        db.execute("CREATE DATABASE \"" + gatedDb + "\"");
        String config = """
                listen: 127.0.0.1:0
                node: api-it
                partitions: 2
                threads: 4
                targets:
                  staging:
                    url: %s
                  gated:
                    url: %s
                    policy: {approval_required: true}
                tokens:
                  - {name: olivia, sha256: %s, roles: [operator]}
                  - {name: victor, sha256: %s, roles: [viewer]}
                  - {name: abby, sha256: %s, roles: [approver]}
                  - {name: sam, sha256: %s, roles: [operator, approver]}
                """.formatted(db.jdbcUrlForChild(), db.url().withDatabase(gatedDb).jdbcUrl(),
                ApiClient.sha256(OPERATOR), ApiClient.sha256(VIEWER), ApiClient.sha256(APPROVER),
                ApiClient.sha256(OPERATOR_APPROVER));
        daemon = TestDaemons.start(config);
        api = new ApiClient(daemon.baseUrl());
    }

    @AfterAll
    static void stop() throws Exception {
        if (daemon != null) {
            daemon.close();
        }
        staging.execute("DROP DATABASE IF EXISTS \"" + gatedDb + "\" WITH (FORCE)");
    }

    static String table(java.util.function.Consumer<String> db, String name, int rows) {
        db.accept("CREATE TABLE " + name + " (id bigserial PRIMARY KEY, n int NOT NULL);"
                + " INSERT INTO " + name + " (n) SELECT g FROM generate_series(1, " + rows + ") g; ANALYZE " + name);
        return name;
    }

    static String playbook(String name, String table, String batch) {
        return TestDaemons.doublingPlaybook(name, table, batch);
    }

    private static long submitted(ApiClient.Reply reply) {
        assertEquals(201, reply.status(), reply.toString());
        return reply.json().path("run").path("id").asLong();
    }

    @Test
    void submittedPlaybookRunsToSuccessAndIsReportedInFull() throws Exception {
        String table = table(staging::execute, "t_submit", 1000);
        String yaml = playbook("double-n", table, "{size: 200}");
        ApiClient.Reply created = api.submit("staging", OPERATOR, yaml);
        long runId = submitted(created);
        assertEquals("CREATED", created.json().path("outcome").asText());
        assertEquals("/api/v1/targets/staging/runs/" + runId, created.header("Location"));

        JsonNode run = api.awaitState("staging", runId, VIEWER, "SUCCEEDED", 60);
        assertEquals("olivia", run.path("submitted_by").asText());
        assertEquals(0, staging.queryLong("SELECT count(*) FROM t_submit WHERE doubled IS DISTINCT FROM n * 2"));
        List<String> kinds = StreamSupport.stream(run.path("steps").spliterator(), false)
                .map(s -> s.path("kind").asText()).toList();
        assertTrue(kinds.containsAll(List.of("ADD_COLUMN", "BACKFILL", "SET_NOT_NULL")), kinds.toString());
        assertTrue(run.path("steps").get(0).path("sql").asText().contains("ADD COLUMN"), run.toString());
        JsonNode backfill = run.path("backfills").get(0);
        assertEquals(1000, backfill.path("rows_scanned").asLong(), backfill.toString());
        assertEquals("DONE", backfill.path("partitions").get(0).path("state").asText());
        // the harness's sessions are pgshift's own: nobody else was busy, so the batches ran flat out
        assertEquals("FULL_SPEED", backfill.path("partitions").get(0).path("pace").asText(), backfill.toString());
        assertEquals("full speed: no other session busy", backfill.path("partitions").get(0).path("pace_reason").asText());
        assertTrue(run.path("gate_report").isObject() || run.path("gate_report").isArray(), run.toString());

        ApiClient.Reply again = api.submit("staging", OPERATOR, yaml);
        assertEquals(200, again.status(), again.toString());
        assertEquals("ALREADY_APPLIED", again.json().path("outcome").asText());

        ApiClient.Reply changed = api.submit("staging", OPERATOR, yaml.replace("n * 2", "n + n"));
        assertEquals(409, changed.status(), changed.toString());
        assertEquals("RUN_CONFLICT", changed.json().path("code").asText());
        assertEquals(run.path("checksum").asText(), changed.json().path("run_checksum").asText());
        assertFalse(changed.json().path("submitted_checksum").asText().equals(run.path("checksum").asText()));

        ApiClient.Reply list = api.get("/api/v1/runs?target=staging&state=SUCCEEDED&playbook=double-n", VIEWER);
        assertEquals(200, list.status(), list.toString());
        assertEquals(runId, list.json().path("runs").get(0).path("id").asLong());
        assertEquals("staging", list.json().path("runs").get(0).path("target").asText());
        assertEquals(1, staging.queryLong("SELECT count(*) FROM pgshift.audit_log WHERE action = 'SUBMITTED'"
                + " AND actor = 'olivia' AND run_id = " + runId));
    }

    @Test
    void malformedYamlIsRefusedWithItsLineAndColumn() {
        ApiClient.Reply reply = api.submit("staging", OPERATOR, "name: broken\nexpand:\n  - add_column: {table: x\n");
        assertEquals(422, reply.status(), reply.toString());
        assertEquals("PLAYBOOK_INVALID", reply.json().path("code").asText());
        JsonNode problem = reply.json().path("problems").get(0);
        assertTrue(problem.path("line").asInt() > 0 && problem.path("column").asInt() > 0, reply.toString());
    }

    @Test
    void lintErrorsAreRefusedWithTheirRuleIds() {
        String table = table(staging::execute, "t_lint", 10);
        ApiClient.Reply reply = api.submit("staging", OPERATOR, """
                name: not-null-at-once
                expand:
                  - add_column: {table: %s, column: flag, type: boolean, not_null: true}
                """.formatted(table));
        assertEquals(422, reply.status(), reply.toString());
        assertEquals("LINT_FAILED", reply.json().path("code").asText());
        assertEquals("expand-not-null-column", reply.json().path("findings").get(0).path("rule").asText());
        assertEquals(3, reply.json().path("findings").get(0).path("line").asInt());
    }

    @Test
    void aPlaybookOnAnUnknownTableIsAPlanProblem() {
        ApiClient.Reply reply = api.submit("staging", OPERATOR, playbook("ghost", "no_such_table", "{size: 100}"));
        assertEquals(422, reply.status(), reply.toString());
        assertEquals("PLAN_REJECTED", reply.json().path("code").asText());
        JsonNode problem = reply.json().path("problems").get(0);
        assertTrue(problem.path("message").asText().contains("no_such_table"), reply.toString());
        assertFalse(problem.path("path").asText().isEmpty());
        assertFalse(problem.path("hint").asText().isEmpty());
    }

    @Test
    void unknownThingsAre404AndWrongMethods405() {
        assertEquals(404, api.get("/api/v1/targets/staging/runs/999999", VIEWER).status());
        assertEquals(404, api.get("/api/v1/targets/staging/runs/abc", VIEWER).status());
        assertEquals(404, api.get("/api/v1/targets/prod/runs/1", VIEWER).status());
        ApiClient.Reply route = api.get("/api/v1/nothing", VIEWER);
        assertEquals(404, route.status());
        assertEquals("NOT_FOUND", route.json().path("code").asText());
        ApiClient.Reply method = api.method("DELETE", "/api/v1/runs", VIEWER, "");
        assertEquals(405, method.status(), method.toString());
        assertEquals("GET", method.header("Allow"));
    }

    @Test
    void tokensAndRolesAreEnforced() {
        ApiClient.Reply none = api.get("/api/v1/runs", null);
        assertEquals(401, none.status());
        assertTrue(none.header("WWW-Authenticate").startsWith("Bearer"));
        assertEquals(401, api.get("/api/v1/runs", "not-a-token").status());
        ApiClient.Reply viewerSubmits = api.submit("staging", VIEWER, playbook("x", "t_x", "{size: 10}"));
        assertEquals(403, viewerSubmits.status(), viewerSubmits.toString());
        assertTrue(viewerSubmits.json().path("error").asText().contains("operator"));
        assertEquals(200, api.get("/api/v1/runs", APPROVER).status(), "every role reads");
        ApiClient.Reply json = api.post("/api/v1/targets/staging/runs", OPERATOR, "application/json", "{}");
        assertEquals(415, json.status(), json.toString());
    }

    @Test
    void healthAndReadinessNeedNoToken() {
        ApiClient.Reply health = api.get("/healthz", null);
        assertEquals(200, health.status());
        assertEquals("ok", health.json().path("status").asText());
        ApiClient.Reply ready = api.get("/readyz", null);
        assertEquals(200, ready.status(), ready.toString());
        assertEquals("ready", ready.json().path("targets").path("gated").asText());
    }

    @Test
    void pauseKnobsAndResumeOfARunningBackfill() throws Exception {
        String table = table(staging::execute, "t_slow", 4000);
        long runId = submitted(api.submit("staging", OPERATOR, playbook("slow-double", table,
                "{size: 50, min_size: 50, max_size: 50, target_ms: 50, pause_ms: 40}")));
        String run = "/api/v1/targets/staging/runs/" + runId;
        api.awaitState("staging", runId, VIEWER, "BACKFILLING", 30);
        // the run enters BACKFILLING a moment before its driver creates the backfill the knobs act on
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (staging.queryLong("SELECT count(*) FROM pgshift.backfill WHERE run_id = " + runId) == 0
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }

        ApiClient.Reply knobs = api.method("PATCH", run + "/backfill", OPERATOR, "{\"pause_ms\": 60}");
        assertEquals(200, knobs.status(), knobs.toString());
        assertEquals(60, staging.queryLong("SELECT pause_ms_override FROM pgshift.backfill WHERE run_id = " + runId));
        JsonNode change = ApiJson.tree((String) staging.queryValue("SELECT details::text FROM pgshift.audit_log"
                + " WHERE action = 'KNOB_CHANGED' AND actor = 'olivia' AND run_id = " + runId));
        assertNotNull(change, "the knob change is audited");
        assertTrue(change.path("pause_ms").path("old").isNull());
        assertEquals(60, change.path("pause_ms").path("new").asInt());
        assertEquals(400, api.method("PATCH", run + "/backfill", OPERATOR, "{\"batch_size\": 0}").status());
        assertEquals(400, api.method("PATCH", run + "/backfill", OPERATOR, "{\"batch_size\": ").status());
        assertEquals(403, api.method("PATCH", run + "/backfill", VIEWER, "{\"pause_ms\": 1}").status());

        ApiClient.Reply paused = api.post(run + "/pause", OPERATOR, null, "");
        assertEquals(200, paused.status(), paused.toString());
        assertEquals("PAUSED", paused.json().path("state").asText());
        assertEquals(409, api.post(run + "/pause", OPERATOR, null, "").status(), "a paused run cannot be paused");
        ApiClient.Reply resumed = api.post(run + "/resume", OPERATOR, null, "");
        assertEquals(200, resumed.status(), resumed.toString());
        api.method("PATCH", run + "/backfill", OPERATOR, "{\"batch_size\": 1000, \"pause_ms\": 0}");
        api.awaitState("staging", runId, VIEWER, "SUCCEEDED", 60);
        assertEquals(0, staging.queryLong("SELECT count(*) FROM t_slow WHERE doubled IS DISTINCT FROM n * 2"));
        assertEquals(1, staging.queryLong("SELECT count(*) FROM pgshift.audit_log WHERE action = 'PAUSED'"
                + " AND actor = 'olivia' AND run_id = " + runId));
        assertEquals(1, staging.queryLong("SELECT count(*) FROM pgshift.audit_log WHERE action = 'RESUMED'"
                + " AND actor = 'olivia' AND run_id = " + runId));
    }

    @Test
    void aRunNeedingApprovalWaitsForAnotherApprover() throws Exception {
        Sql gated = new Sql(staging.url().withDatabase(gatedDb));
        String table = table(gated::execute, "t_gated", 500);
        long runId = submitted(api.submit("gated", OPERATOR_APPROVER, playbook("gated-double", table, "{size: 100}")));
        String run = "/api/v1/targets/gated/runs/" + runId;
        Thread.sleep(1000);
        assertEquals("AWAITING_APPROVAL", api.get(run, VIEWER).json().path("state").asText(), "nothing starts unapproved");
        assertEquals(0, gated.queryLong("SELECT count(*) FROM information_schema.columns WHERE column_name = 'doubled'"));

        ApiClient.Reply self = api.post(run + "/approve", OPERATOR_APPROVER, null, "");
        assertEquals(403, self.status(), self.toString());
        assertEquals(403, api.post(run + "/approve", OPERATOR, null, "").status(), "operators do not approve");
        ApiClient.Reply approved = api.post(run + "/approve", APPROVER, null, "");
        assertEquals(200, approved.status(), approved.toString());
        assertEquals("abby", approved.json().path("approved_by").asText());

        JsonNode done = api.awaitState("gated", runId, VIEWER, "SUCCEEDED", 60);
        assertEquals("abby", done.path("approved_by").asText());
        assertTrue(done.path("row_counts").path("before").isObject(), "row counts recorded before: " + done);
        assertEquals(0, gated.queryLong("SELECT count(*) FROM t_gated WHERE doubled IS DISTINCT FROM n * 2"));
        List<String> actions = actions(api.get("/api/v1/targets/gated/audit?run=" + runId, VIEWER).json());
        assertEquals(List.of("SUBMITTED", "APPROVAL_REQUESTED", "APPROVED", "STARTED"), actions.subList(0, 4));
        assertEquals(409, api.post(run + "/approve", APPROVER, null, "").status(), "approved only once");
    }

    @Test
    void auditIsFilteredPagedExportedAndVerified() throws Exception {
        String table = table(staging::execute, "t_audit", 100);
        long runId = submitted(api.submit("staging", OPERATOR, playbook("audit-double", table, "{size: 100}")));
        api.awaitState("staging", runId, VIEWER, "SUCCEEDED", 60);
        String audit = "/api/v1/targets/staging/audit";

        List<String> ofRun = actions(api.get(audit + "?run=" + runId + "&limit=1000", VIEWER).json());
        assertEquals("SUBMITTED", ofRun.get(0));
        assertEquals("SUCCEEDED", ofRun.get(ofRun.size() - 1));
        JsonNode page = api.get(audit + "?run=" + runId + "&limit=2&offset=1", VIEWER).json();
        assertEquals(ofRun.subList(1, 3), actions(page));
        JsonNode submitted = api.get(audit + "?action=SUBMITTED&actor=olivia&run=" + runId, VIEWER).json();
        assertEquals(1, submitted.path("entries").size());
        assertEquals(0, api.get(audit + "?since=2999-01-01T00:00:00Z", VIEWER).json().path("entries").size());
        assertEquals(400, api.get(audit + "?action=EXPLODED", VIEWER).status());
        assertEquals(400, api.get(audit + "?since=yesterday", VIEWER).status());

        // a job: asked for, polled, then its file downloaded
        JsonNode exported = api.awaitJob(api.get(audit + "/export", VIEWER), VIEWER);
        assertEquals("SUCCEEDED", exported.path("state").asText(), exported.toString());
        ApiClient.Reply export = api.get(exported.path("download").asText(), VIEWER);
        assertEquals(200, export.status(), export.toString());
        assertTrue(export.header("Content-Type").startsWith("application/x-ndjson"));
        long total = staging.queryLong("SELECT count(*) FROM pgshift.audit_log");
        String[] lines = export.text().split("\n");
        assertTrue(lines.length >= total, "every entry exported: " + lines.length + " of " + total);
        assertTrue(ApiJson.tree(lines[0]).path("hash").isTextual());

        assertEquals(lines.length, exported.path("result").path("rows").asLong(), "the job counts the lines it wrote");
        JsonNode verify = api.verifyAudit("staging", VIEWER);
        assertTrue(verify.path("ok").asBoolean(), verify.toString());
        assertTrue(verify.path("checked_rows").asLong() >= total);
        assertTrue(verify.path("head_hash").isTextual());
    }

    /** Plain SQL on the second target's database (the extension manages the first one only). */
    private record Sql(io.pgshift.db.DatabaseUrl url) {
        void execute(String sql) {
            try (var c = io.pgshift.db.Connections.open(url); var s = c.createStatement()) {
                s.execute(sql);
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        long queryLong(String sql) {
            try (var c = io.pgshift.db.Connections.open(url); var s = c.createStatement(); var rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static List<String> actions(JsonNode page) {
        List<String> actions = new ArrayList<>();
        page.path("entries").forEach(e -> actions.add(e.path("action").asText()));
        return actions;
    }
}
