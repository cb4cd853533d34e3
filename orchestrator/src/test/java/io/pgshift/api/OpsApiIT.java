package io.pgshift.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgshift.daemon.DaemonConfigParser;
import io.pgshift.daemon.boot.Daemon;
import io.pgshift.daemon.boot.DaemonExtensions;
import io.pgshift.ops.SiblingDatabase;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ops toolkit through the daemon's API, in this JVM, on two real databases standing in for
 * staging and production: status and drift, schema diff, backups, baselines, preflight.
 */
@ExtendWith(PgDatabaseExtension.class)
class OpsApiIT {
    private static final String OPERATOR = "olivia-token";
    private static final String VIEWER = "victor-token";
    private static final String SCHEMA = """
            CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, theme text DEFAULT 'light');
            INSERT INTO users SELECT g, 'u' || g || '@example.com', 'dark' FROM generate_series(1, 200) g;
            CREATE TABLE grades (id bigint PRIMARY KEY, score int);
            INSERT INTO grades SELECT g, g % 100 FROM generate_series(1, 50) g;
            ANALYZE users; ANALYZE grades;
            """;
    private static TestDatabase staging;
    private static SiblingDatabase production;
    private static Daemon daemon;
    private static ApiClient api;
    @TempDir
    static Path backups;

    @BeforeAll
    static void start(TestDatabase db) throws Exception {
        staging = db;
        production = SiblingDatabase.create(db, "prod");
        staging.execute(SCHEMA);
        production.execute(SCHEMA);
        String config = """
                listen: 127.0.0.1:0
                node: ops-api-it
                partitions: 1
                threads: 2
                backup_dir: %s
                targets:
                  staging:
                    url: %s
                  production:
                    url: %s
                tokens:
                  - {name: olivia, sha256: %s, roles: [operator]}
                  - {name: victor, sha256: %s, roles: [viewer]}
                """.formatted(backups, db.jdbcUrlForChild(), production.jdbcUrl(), ApiClient.sha256(OPERATOR),
                ApiClient.sha256(VIEWER));
        daemon = Daemon.start(new DaemonConfigParser(Map.of(), "unused").parse("daemon.yaml", config),
                DaemonExtensions.none(), Clock.systemUTC());
        api = new ApiClient(daemon.baseUrl());
    }

    @AfterAll
    static void stop() {
        if (daemon != null) {
            daemon.close();
        }
        production.close();
    }

    @Test
    void aPlaybookAppliedInProductionOnlyIsDriftInStatusAndADifferenceInTheSchemaDiff() throws Exception {
        ApiClient.Reply submitted = api.submit("production", OPERATOR,
                "name: add-locale\nexpand:\n  - add_column: {table: users, column: locale, type: text}\n");
        assertEquals(201, submitted.status(), submitted.toString());
        api.awaitState("production", submitted.json().path("run").path("id").asLong(), VIEWER, "SUCCEEDED", 60);

        ApiClient.Reply status = api.get("/api/v1/status", VIEWER);
        assertEquals(200, status.status(), status.toString());
        JsonNode root = status.json();
        assertEquals(List.of("staging", "production"), names(root.path("targets")), "in the config's order");
        JsonNode applied = root.at("/targets/1/playbooks/0");
        assertEquals("add-locale", applied.path("playbook").asText());
        assertEquals("APPLIED", applied.path("presence").asText());
        assertEquals(64, applied.path("checksum").asText().length());
        assertEquals(0, root.at("/targets/0/playbooks").size());
        assertTrue(root.path("drifted").asBoolean(), status.toString());
        assertEquals("NOT_APPLIED_EVERYWHERE", root.at("/drift/0/kind").asText());
        assertEquals("applied in production but not in staging (absent)", root.at("/drift/0/reason").asText());

        ApiClient.Reply diff = api.get("/api/v1/schema/diff?from=staging&to=production", VIEWER);
        assertEquals(200, diff.status(), diff.toString());
        assertFalse(diff.json().path("equal").asBoolean(), diff.toString());
        assertEquals(1, diff.json().path("differences").size(), diff.toString());
        JsonNode locale = diff.json().at("/differences/0");
        assertEquals(List.of("ADDED", "COLUMN", "users", "locale", "text"), List.of(locale.path("change").asText(),
                locale.path("kind").asText(), locale.path("table").asText(), locale.path("name").asText(),
                locale.path("to").asText()));
        ApiClient.Reply grades = api.get("/api/v1/schema/diff?from=staging&to=production&tables=grades", VIEWER);
        assertTrue(grades.json().path("equal").asBoolean(), grades.toString());
        assertEquals(1, grades.json().path("tables_compared").asInt());
    }

    @Test
    void schemaDiffNeedsBothKnownTargets() {
        ApiClient.Reply missing = api.get("/api/v1/schema/diff?from=staging", VIEWER);
        assertEquals(400, missing.status(), missing.toString());
        assertTrue(missing.json().path("error").asText().contains("'to'"), missing.toString());
        ApiClient.Reply unknown = api.get("/api/v1/schema/diff?from=staging&to=qa", VIEWER);
        assertEquals(404, unknown.status(), unknown.toString());
        assertTrue(unknown.json().path("error").asText().contains("staging, production"), unknown.toString());
    }

    @Test
    void aBackupReturnsItsPathAndChecksumAndIsAuditedWithTheTokensName() throws Exception {
        ApiClient.Reply started = api.method("POST", "/api/v1/targets/production/backups", OPERATOR,
                "{\"tables\": [\"users\", \"grades\"], \"verify_restore\": true}");
        assertEquals(202, started.status(), started.toString());
        assertEquals("backup", started.json().path("kind").asText());
        JsonNode job = awaitJob(started);
        assertEquals("SUCCEEDED", job.path("state").asText(), job.toString());
        JsonNode result = job.path("result");
        Path file = Path.of(result.path("path").asText());
        assertEquals(backups, file.getParent(), "written to the config's backup_dir");
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file))),
                result.path("sha256").asText());
        assertEquals(200, result.at("/rows/users").asLong());
        assertEquals(50, result.at("/rows/grades").asLong());
        assertTrue(result.path("restore_verified").asBoolean(), job.toString());
        assertEquals(1, production.queryLong("SELECT count(*) FROM pgshift.audit_log WHERE action = 'BACKUP_TAKEN'"
                + " AND actor = 'olivia' AND details->>'sha256' = '" + result.path("sha256").asText() + "'"));

        assertEquals(403, api.method("POST", "/api/v1/targets/production/backups", VIEWER, "{\"tables\": [\"users\"]}").status());
        ApiClient.Reply unknownField = api.method("POST", "/api/v1/targets/production/backups", OPERATOR,
                "{\"tables\": [\"users\"], \"compress\": 9}");
        assertEquals(400, unknownField.status(), unknownField.toString());
        ApiClient.Reply noTable = api.method("POST", "/api/v1/targets/production/backups", OPERATOR,
                "{\"tables\": [\"no_such_table\"]}");
        assertEquals(202, noTable.status(), noTable.toString());
        JsonNode failed = awaitJob(noTable);
        assertEquals("FAILED", failed.path("state").asText(), failed.toString());
        assertEquals(503, failed.path("status").asInt(), failed.toString());
        assertEquals("BACKUP_FAILED", failed.path("error").path("code").asText(), failed.toString());
        assertEquals(404, api.get("/api/v1/targets/staging" + failed.path("location").asText()
                .substring("/api/v1/targets/production".length()), VIEWER).status(), "a job belongs to its target");
    }

    /** Polls a job until it is no longer RUNNING (a backup with its verifying restore takes seconds). */
    private JsonNode awaitJob(ApiClient.Reply started) throws InterruptedException {
        String location = started.json().path("location").asText();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (true) {
            ApiClient.Reply polled = api.get(location, VIEWER);
            assertEquals(200, polled.status(), polled.toString());
            if (!"RUNNING".equals(polled.json().path("state").asText()) || System.nanoTime() > deadline) {
                return polled.json();
            }
            Thread.sleep(100);
        }
    }

    @Test
    void aBaselineRecordedThroughTheApiReadsBackIntactWithWhoRecordedIt() {
        String baseline = "/api/v1/targets/staging/baseline";
        ApiClient.Reply none = api.get(baseline + "?schema=none_here", VIEWER);
        assertEquals(404, none.status(), none.toString());
        assertEquals(403, api.method("POST", baseline, VIEWER, "").status(), "recording needs an operator");

        ApiClient.Reply recorded = api.method("POST", baseline, OPERATOR, "{\"schema\": \"public\"}");
        assertEquals(201, recorded.status(), recorded.toString());
        assertEquals("olivia", recorded.json().path("recorded_by").asText());
        assertTrue(recorded.json().at("/snapshot/tables/users").isObject(), recorded.toString());

        ApiClient.Reply read = api.get(baseline, VIEWER);
        assertEquals(200, read.status(), read.toString());
        assertEquals(recorded.json().path("id").asLong(), read.json().path("id").asLong());
        assertEquals(recorded.json().path("checksum").asText(), read.json().path("checksum").asText());
        assertTrue(read.json().path("intact").asBoolean(), read.toString());
        assertEquals(1, staging.queryLong("SELECT count(*) FROM pgshift.audit_log WHERE action = 'BASELINE_RECORDED'"
                + " AND actor = 'olivia' AND (details->>'baseline')::bigint = " + read.json().path("id").asLong()));
    }

    @Test
    void preflightWarnsOfASessionIdleInTransactionOnTheTable() throws Exception {
        String yaml = "name: add-nickname\nexpand:\n  - add_column: {table: users, column: nickname, type: text}\n";
        try (Connection holder = staging.connect(); Statement s = holder.createStatement()) {
            holder.setAutoCommit(false);
            int pid;
            try (ResultSet rs = s.executeQuery("SELECT pg_backend_pid() FROM users LIMIT 1")) {
                rs.next();
                pid = rs.getInt(1);
            }
            ApiClient.Reply reply = api.post("/api/v1/targets/staging/preflight?expect_database=" + staging.name(), VIEWER,
                    "application/yaml", yaml);
            holder.rollback();
            assertEquals(200, reply.status(), reply.toString());
            assertFalse(reply.json().path("failed").asBoolean(), "a warning does not fail it: " + reply);
            JsonNode blocking = finding(reply.json(), "blocking sessions");
            assertEquals("WARN", blocking.path("status").asText(), reply.toString());
            assertTrue(blocking.path("reason").asText().startsWith("pid " + pid + " "), blocking.toString());
            assertEquals("PASS", finding(reply.json(), "target").path("status").asText(), reply.toString());
        }
        assertEquals(0, staging.queryLong("SELECT count(*) FROM pgshift.audit_log WHERE action = 'PREFLIGHT_CHECKED'"),
                "a viewer's preflight records nothing (pgshift preflight, run locally, does)");

        ApiClient.Reply invalid = api.post("/api/v1/targets/staging/preflight", VIEWER, "application/yaml", "name: [\n");
        assertEquals(422, invalid.status(), invalid.toString());
        assertEquals("PLAYBOOK_INVALID", invalid.json().path("code").asText());
    }

    private static JsonNode finding(JsonNode report, String check) {
        for (JsonNode f : report.path("findings")) {
            if (f.path("check").asText().equals(check)) {
                return f;
            }
        }
        throw new AssertionError("no finding of " + check + " in " + report);
    }

    private static List<String> names(JsonNode targets) {
        List<String> names = new ArrayList<>();
        targets.forEach(t -> names.add(t.path("name").asText()));
        return names;
    }
}
