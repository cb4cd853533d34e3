package io.pgshift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --output json} on a real database: stdout is one JSON document a script can parse (the
 * API's shapes), progress stays on stderr, and an error is one JSON object with its exit code.
 */
@ExtendWith(PgDatabaseExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliOutputJsonIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PLAYBOOK = """
            name: notes
            expand:
              - add_column: {table: tickets, column: note, type: text}
            backfill:
              - table: tickets
                set: {note: "'n' || id"}
            """;
    private static TestDatabase db;
    private static long runId;

    @TempDir
    static Path dir;

    @BeforeAll
    static void tickets(TestDatabase database) {
        db = database;
        db.execute("CREATE TABLE tickets (id bigint PRIMARY KEY, title text);"
                + " INSERT INTO tickets SELECT g, 't' || g FROM generate_series(1, 40) g");
    }

    private static Cli.Result run(String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 4);
        all[args.length] = "--database-url";
        all[args.length + 1] = db.jdbcUrlForChild();
        all[args.length + 2] = "--output";
        all[args.length + 3] = "json";
        return Cli.run(all);
    }

    private static JsonNode parse(Cli.Result result) throws Exception {
        return JSON.readTree(result.out());
    }

    @Test
    @Order(1)
    void applyPrintsTheOutcomeAndTheRunAsTheApiShowsIt() throws Exception {
        Path file = dir.resolve("notes.yaml");
        Files.writeString(file, PLAYBOOK);
        var result = run("apply", file.toString(), "--actor", "ci");
        assertEquals(0, result.exitCode(), result.out() + result.err());
        JsonNode body = parse(result);
        assertEquals("CREATED", body.path("outcome").asText());
        JsonNode run = body.path("run");
        runId = run.path("id").asLong();
        assertEquals("SUCCEEDED", run.path("state").asText());
        assertEquals("notes", run.path("playbook").asText());
        assertEquals(db.name(), run.path("target").asText());
        assertEquals("ci", run.path("submitted_by").asText());
        assertTrue(run.path("steps").size() > 0 && run.path("steps").get(0).has("lock"), run.toString());
        assertEquals(40, run.path("backfills").get(0).path("rows_written").asLong(), run.toString());
        assertTrue(result.err().contains("run " + runId + ": applying playbook notes"), "notes go to stderr: " + result.err());

        var again = run("apply", file.toString());
        assertEquals(0, again.exitCode(), again.err());
        assertEquals("ALREADY_APPLIED", parse(again).path("outcome").asText());
        assertEquals(runId, parse(again).path("run").path("id").asLong());
    }

    @Test
    @Order(2)
    void historyStatusAndAuditPrintTheApisShapes() throws Exception {
        JsonNode history = parse(run("history"));
        assertEquals(runId, history.path("runs").get(0).path("id").asLong());
        assertEquals("SUCCEEDED", history.path("runs").get(0).path("state").asText());

        JsonNode open = parse(run("status"));
        assertTrue(open.path("runs").isArray() && open.path("runs").isEmpty(), open.toString());
        JsonNode one = parse(run("status", String.valueOf(runId)));
        assertEquals(runId, one.path("id").asLong());
        assertEquals("backfill", one.path("steps").get(1).path("phase").asText(), one.toString());

        JsonNode audit = parse(run("audit", "--run", String.valueOf(runId), "--action", "SUBMITTED"));
        assertEquals(1, audit.path("entries").size(), audit.toString());
        assertEquals("ci", audit.path("entries").get(0).path("actor").asText());
        assertTrue(audit.path("entries").get(0).has("prev_hash"), audit.toString());

        JsonNode verified = parse(run("audit", "verify"));
        assertTrue(verified.path("ok").asBoolean(), verified.toString());
        assertTrue(verified.path("checked_rows").asLong() > 0 && verified.path("head_hash").isTextual(), verified.toString());
    }

    @Test
    @Order(3)
    void anInlineTargetNamesTheRuns() throws Exception {
        var result = Cli.run("history", "--target", "ci=" + db.jdbcUrlForChild(), "--output", "json");
        assertEquals(0, result.exitCode(), result.err());
        assertEquals("ci", parse(result).path("runs").get(0).path("target").asText());
    }

    @Test
    @Order(3)
    void aConfiguredTargetIsTakenByNameWithoutADaemon() throws Exception {
        Path config = dir.resolve("pgshift.yaml");
        Files.writeString(config, """
                targets:
                  qa:
                    url: %s
                tokens:
                  - {name: ops, sha256: %s, roles: [viewer]}
                """.formatted(db.jdbcUrlForChild(), "0".repeat(64)));
        var result = Cli.run("history", "--target", "qa", "--config", config.toString(), "--output", "json");
        assertEquals(0, result.exitCode(), result.out() + result.err());
        assertEquals("qa", parse(result).path("runs").get(0).path("target").asText());
        assertEquals(runId, parse(result).path("runs").get(0).path("id").asLong());
    }

    @Test
    @Order(3)
    void libpqsVariablesNameTheDatabaseWhenNoUrlIsGiven() throws Exception {
        java.net.URI uri = java.net.URI.create(db.libpqUri());
        var env = new java.util.HashMap<String, String>();
        env.put("PGHOST", uri.getHost());
        env.put("PGPORT", String.valueOf(uri.getPort()));
        env.put("PGUSER", uri.getUserInfo().split(":")[0]);
        env.put("PGDATABASE", db.name());
        env.put("PGPASSWORD", "never-printed-7f3a");
        Child found = child(env, "history", "--output", "json");
        assertEquals(0, found.exit(), found.out() + found.err());
        assertEquals(runId, JSON.readTree(found.out()).path("runs").get(0).path("id").asLong(), found.out());
        assertTrue(!found.out().contains("never-printed-7f3a") && !found.err().contains("never-printed-7f3a"));

        Child none = child(new java.util.HashMap<>(), "history");
        assertEquals(2, none.exit(), none.out() + none.err());
        assertTrue(none.err().contains("no database given") && none.err().contains("PGHOST"), none.err());
    }

    private record Child(int exit, String out, String err) {
    }

    /** pgshift in its own JVM with exactly these PG* variables (and no PGSHIFT_* ones), as a shell would run it. */
    private static Child child(java.util.Map<String, String> pg, String... args) throws Exception {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                // the test classpath holds two logback-test.xml, and logback reports that on stdout:
                // the shipped jar has one logback.xml and says nothing
                "-Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(java.util.List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().keySet().removeIf(k -> k.startsWith("PG"));
        pb.environment().putAll(pg);
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("pgshift " + String.join(" ", args) + " still running after 60 s");
        }
        return new Child(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    @Order(4)
    void planPrintsThePlanAsJson() throws Exception {
        Path file = dir.resolve("index.yaml");
        Files.writeString(file, "name: idx\nexpand:\n  - create_index: {table: tickets, columns: [title]}\n");
        var result = run("plan", file.toString());
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(parse(result).isObject(), result.out());
    }

    @Test
    @Order(4)
    void aHeldRunIsCompletedAndCleanedUpWithJsonAnswers() throws Exception {
        Path file = dir.resolve("held.yaml");
        Files.writeString(file, """
                name: held
                settings: {hold_before_contract: true}
                expand:
                  - add_column: {table: tickets, column: status, type: text}
                contract:
                  - set_default: {table: tickets, column: status, default: "'open'"}
                """);
        var held = run("apply", file.toString());
        assertEquals(15, held.exitCode(), held.out() + held.err());
        JsonNode run = parse(held).path("run");
        assertEquals("AWAITING_CONTRACT", run.path("state").asText(), held.out());
        assertTrue(held.err().contains("pgshift complete " + run.path("id").asLong()), "the next step on stderr: " + held.err());

        String id = String.valueOf(run.path("id").asLong());
        var completed = Cli.run("complete", id, "--target", "ci=" + db.jdbcUrlForChild(), "--output", "json");
        assertEquals(0, completed.exitCode(), completed.out() + completed.err());
        JsonNode done = parse(completed);
        assertEquals("SUCCEEDED", done.path("state").asText(), completed.out());
        assertEquals("ci", done.path("target").asText());
        assertEquals(false, done.path("forced").asBoolean(true));

        var cleaned = run("cleanup", id);
        assertEquals(0, cleaned.exitCode(), cleaned.out() + cleaned.err());
        assertTrue(parse(cleaned).path("dropped").isArray() && parse(cleaned).path("dropped").isEmpty(), cleaned.out());
    }

    @Test
    @Order(5)
    void errorsAreOneJsonObjectWithTheirExitCode() throws Exception {
        var missing = run("status", "999999");
        assertEquals(2, missing.exitCode(), missing.out() + missing.err());
        JsonNode error = parse(missing).path("error");
        assertEquals("USAGE", error.path("code").asText());
        assertEquals(2, error.path("exit_code").asInt());
        assertTrue(error.path("message").asText().contains("there is no run 999999"), missing.out());

        var usage = run("history", "--limit", "many");
        assertEquals(2, usage.exitCode());
        assertEquals("USAGE", parse(usage).path("error").path("code").asText(), usage.out());
        assertTrue(parse(usage).path("error").path("message").asText().contains("--limit"), usage.out());
    }
}
