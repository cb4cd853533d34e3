package io.pgshift.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.api.ApiClient;
import io.pgshift.api.TestDaemons;
import io.pgshift.cli.Cli;
import io.pgshift.daemon.boot.Daemon;
import io.pgshift.db.Connections;
import io.pgshift.db.DatabaseUrl;
import io.pgshift.run.RunRecord;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI's daemon mode end to end: a real daemon in this JVM on an ephemeral port, real
 * PostgreSQL, and the commands run as an operator would type them. Each test changes a table of
 * its own, so runs never wait on one another's tables.
 */
@ExtendWith(PgDatabaseExtension.class)
class DaemonClientIT {
    static final String OPERATOR = "olga-token";
    static final String VIEWER = "vic-token";
    static final String APPROVER = "ada-token";

    private static Daemon daemon;
    private static ApiClient api;
    private static TestDatabase staging;
    private static DatabaseUrl gated;

    @TempDir
    Path dir;

    @BeforeAll
    static void start(TestDatabase db) throws Exception {
        staging = db;
        gated = db.url().withDatabase(db.name() + "_cgated");
        db.execute("CREATE DATABASE \"" + gated.database() + "\"");
        String config = """
                listen: 127.0.0.1:0
                node: client-it
                partitions: 2
                threads: 4
                targets:
                  staging:
                    url: %s
                  gated:
                    url: %s
                    policy: {approval_required: true}
                tokens:
                  - {name: olga, sha256: %s, roles: [operator]}
                  - {name: vic, sha256: %s, roles: [viewer]}
                  - {name: ada, sha256: %s, roles: [approver]}
                """.formatted(db.jdbcUrlForChild(), gated.jdbcUrl(), ApiClient.sha256(OPERATOR),
                ApiClient.sha256(VIEWER), ApiClient.sha256(APPROVER));
        daemon = TestDaemons.start(config);
        api = new ApiClient(daemon.baseUrl());
    }

    @AfterAll
    static void stop() throws Exception {
        if (daemon != null) {
            daemon.close();
        }
        staging.execute("DROP DATABASE IF EXISTS \"" + gated.database() + "\" WITH (FORCE)");
    }

    /** The CLI against the daemon with {@code token}, on {@code target}. */
    private static Cli.Result cli(String token, String target, String... args) {
        String[] remote = {"--server", daemon.baseUrl(), "--token", token, "--target", target};
        return Cli.run(Stream.concat(Arrays.stream(args), Arrays.stream(remote)).toArray(String[]::new));
    }

    private static void table(DatabaseUrl url, String name, int rows) throws Exception {
        try (Connection c = Connections.open(url); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + name + " (id bigserial PRIMARY KEY, n int NOT NULL);"
                    + " INSERT INTO " + name + " (n) SELECT g FROM generate_series(1, " + rows + ") g; ANALYZE " + name);
        }
    }

    private Path playbook(String name, String table, String batch) throws Exception {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, TestDaemons.doublingPlaybook(name, table, batch));
        return file;
    }

    private Path write(String name, String yaml) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, yaml);
        return file;
    }

    private static long runId(Cli.Result submitted) {
        Matcher m = Pattern.compile("^run (\\d+): ", Pattern.MULTILINE).matcher(submitted.out());
        assertTrue(m.find(), submitted.out() + submitted.err());
        return Long.parseLong(m.group(1));
    }

    /**
     * Without the row counts line (the database prints stored JSON text with spaces, the API without) and with the
     * retained trigger's quiet time masked: it is measured when each status is rendered, a second apart at times.
     */
    private static String withoutRowCounts(String text) {
        return text.lines().filter(l -> !l.startsWith("  row counts: "))
                .map(l -> l.replaceAll("(since it was installed, |no row filled for )[0-9a-z.]+", "$1<quiet>"))
                .collect(Collectors.joining("\n"));
    }

    @Test
    void submitAndWaitEndsWithTheApplyReportAndStatusAndAuditMatchTheDatabasesOwn() throws Exception {
        table(staging.url(), "c_submit", 1000);
        Cli.Result submitted = cli(OPERATOR, "staging", "submit", playbook("c-double", "c_submit", "{size: 200}").toString(),
                "--wait");
        assertEquals(0, submitted.exitCode(), submitted.out() + submitted.err());
        long runId = runId(submitted);
        assertTrue(submitted.out().contains("run " + runId + ": submitted playbook c-double (checksum "), submitted.out());
        assertTrue(submitted.out().contains("Run " + runId + ": playbook c-double (checksum "), submitted.out());
        assertTrue(submitted.out().contains("SUCCEEDED"), submitted.out());
        assertTrue(Pattern.compile("(?m)^  \\d+ +backfill +SUCCEEDED .* 1,000  ").matcher(submitted.out()).find(),
                submitted.out());
        assertEquals(0, staging.queryLong("SELECT count(*) FROM c_submit WHERE doubled IS DISTINCT FROM n * 2"));

        Cli.Result remote = cli(VIEWER, "staging", "status", String.valueOf(runId));
        Cli.Result local = Cli.run("status", String.valueOf(runId), "--database-url", staging.url().jdbcUrl());
        assertEquals(0, remote.exitCode(), remote.err());
        assertEquals(0, local.exitCode(), local.err());
        assertTrue(remote.out().startsWith("SUCCEEDED"), remote.out());
        assertTrue(remote.out().contains("    partition 0: DONE"), remote.out());
        assertEquals(withoutRowCounts(local.out()), withoutRowCounts(remote.out()));

        Cli.Result audit = cli(VIEWER, "staging", "audit", "--run", String.valueOf(runId));
        Cli.Result localAudit = Cli.run("audit", "--run", String.valueOf(runId), "--database-url", staging.url().jdbcUrl());
        assertEquals(0, audit.exitCode(), audit.err());
        List<String> lines = audit.out().lines().toList();
        assertTrue(lines.get(0).contains(" olga ") && lines.get(0).contains("SUBMITTED"), audit.out());
        assertTrue(lines.get(lines.size() - 1).contains("SUCCEEDED"), audit.out());
        assertEquals(localAudit.out(), audit.out());
        Cli.Result submittedOnly = cli(VIEWER, "staging", "audit", "--run", String.valueOf(runId), "--action", "SUBMITTED",
                "--output", "json");
        com.fasterxml.jackson.databind.JsonNode entries = new com.fasterxml.jackson.databind.ObjectMapper().readTree(submittedOnly.out()).path("entries");
        assertEquals(1, entries.size(), submittedOnly.out());
        assertEquals("olga", entries.get(0).path("actor").asText(), submittedOnly.out());
        // verification is a job on the daemon: the CLI polls it to its end
        Cli.Result verified = cli(VIEWER, "staging", "audit", "verify");
        assertEquals(0, verified.exitCode(), verified.out() + verified.err());
        assertTrue(verified.out().startsWith("audit log intact: "), verified.out());

        Cli.Result again = cli(OPERATOR, "staging", "submit", dir.resolve("c-double.yaml").toString());
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.out().contains("is already applied on staging: run " + runId), again.out());
    }

    @Test
    void aMalformedPlaybookExitsThreeWithItsLineAndColumn() throws Exception {
        Path file = write("broken.yaml", "name: broken\nexpand:\n  - add_column: {table: x\n");
        Cli.Result result = cli(OPERATOR, "staging", "submit", file.toString());
        assertEquals(3, result.exitCode(), result.err());
        assertTrue(result.firstErrorLine().startsWith("pgshift: the playbook is invalid"), result.err());
        assertTrue(Pattern.compile("(?m)^" + Pattern.quote(file.toString()) + ":\\d+:\\d+: ").matcher(result.err()).find(),
                result.err());
    }

    @Test
    void aLintErrorExitsFourWithTheRule() throws Exception {
        table(staging.url(), "c_lint", 10);
        Path file = write("nn.yaml", "name: c-nn\nexpand:\n  - add_column: {table: c_lint, column: flag, type: boolean,"
                + " not_null: true}\n");
        Cli.Result result = cli(OPERATOR, "staging", "submit", file.toString());
        assertEquals(4, result.exitCode(), result.err());
        assertTrue(result.firstErrorLine().startsWith("pgshift: lint found 1 error(s)"), result.err());
        assertTrue(result.err().contains(file + ":3:") && result.err().contains("[expand-not-null-column]"), result.err());
    }

    @Test
    void anUnknownTableExitsFive() throws Exception {
        Cli.Result result = cli(OPERATOR, "staging", "submit", playbook("c-ghost", "no_such_table", "{size: 100}").toString());
        assertEquals(5, result.exitCode(), result.err());
        assertTrue(result.err().contains("no_such_table"), result.err());
    }

    @Test
    void aWrongTokenOrAViewerSubmittingExitsFourteen() throws Exception {
        Path file = playbook("c-refused", "c_refused", "{size: 100}");
        Cli.Result unknown = cli("not-a-token", "staging", "submit", file.toString());
        assertEquals(14, unknown.exitCode(), unknown.err());
        assertEquals("pgshift: unknown token", unknown.firstErrorLine());
        assertFalse(unknown.err().contains("not-a-token"));
        Cli.Result viewer = cli(VIEWER, "staging", "submit", file.toString());
        assertEquals(14, viewer.exitCode(), viewer.err());
        assertTrue(viewer.firstErrorLine().contains("operator"), viewer.err());
        Cli.Result unknownTarget = cli(OPERATOR, "nowhere", "status");
        assertEquals(2, unknownTarget.exitCode(), unknownTarget.err());
        assertTrue(unknownTarget.firstErrorLine().contains("unknown target 'nowhere'"), unknownTarget.err());
    }

    @Test
    void pauseEndsAWaitingSubmitWithNineThenResumeAndCancel() throws Exception {
        table(staging.url(), "c_slow", 4000);
        Path file = playbook("c-slow", "c_slow", "{size: 50, min_size: 50, max_size: 50, target_ms: 50, pause_ms: 40}");
        CompletableFuture<Cli.Result> waiting = CompletableFuture.supplyAsync(
                () -> cli(OPERATOR, "staging", "submit", file.toString(), "--wait"));
        long runId = awaitRunOf("c-slow");
        api.awaitState("staging", runId, VIEWER, "BACKFILLING", 30);

        Cli.Result status = cli(VIEWER, "staging", "status");
        assertTrue(status.out().contains("run " + runId + "  c-slow  BACKFILLING"), status.out());
        Cli.Result paused = cli(OPERATOR, "staging", "pause", String.valueOf(runId));
        assertEquals(0, paused.exitCode(), paused.err());
        assertTrue(paused.out().startsWith("run " + runId + " is PAUSED; it stops at its next safe point"), paused.out());
        Cli.Result submitted = waiting.get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(9, submitted.exitCode(), submitted.out() + submitted.err());
        assertTrue(submitted.out().contains("run " + runId + " is paused; resume it with: pgshift resume " + runId),
                submitted.out());
        assertEquals(7, cli(OPERATOR, "staging", "pause", String.valueOf(runId)).exitCode(), "a paused run cannot be paused");
        assertEquals(14, cli(VIEWER, "staging", "resume", String.valueOf(runId)).exitCode(), "viewers do not resume");

        Cli.Result resumed = cli(OPERATOR, "staging", "resume", String.valueOf(runId));
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertTrue(resumed.out().startsWith("run " + runId + " is BACKFILLING"), resumed.out());
        Cli.Result cancelled = cli(OPERATOR, "staging", "cancel", String.valueOf(runId));
        assertEquals(0, cancelled.exitCode(), cancelled.err());
        assertTrue(cancelled.out().startsWith("run " + runId + " is CANCELLED"), cancelled.out());
        assertEquals(1, staging.queryLong("SELECT count(*) FROM pgshift.audit_log WHERE action = 'CANCELLED'"
                + " AND actor = 'olga' AND run_id = " + runId));
        assertEquals(2, cli(OPERATOR, "staging", "cancel", "999999").exitCode(), "an unknown run is a usage error");
    }

    @Test
    void approveLetsARunWaitingForApprovalStart() throws Exception {
        table(gated, "c_gated", 300);
        Cli.Result submitted = cli(OPERATOR, "gated", "submit", playbook("c-gated", "c_gated", "{size: 100}").toString());
        assertEquals(0, submitted.exitCode(), submitted.err());
        long runId = runId(submitted);
        assertTrue(submitted.out().contains("now AWAITING_APPROVAL"), submitted.out());
        assertTrue(submitted.out().contains("pgshift approve " + runId + " --target gated"), submitted.out());

        assertEquals(14, cli(OPERATOR, "gated", "approve", String.valueOf(runId)).exitCode(), "operators do not approve");
        Cli.Result approved = cli(APPROVER, "gated", "approve", String.valueOf(runId));
        assertEquals(0, approved.exitCode(), approved.err());
        assertTrue(approved.out().contains("approved by ada"), approved.out());
        api.awaitState("gated", runId, VIEWER, "SUCCEEDED", 60);
        assertEquals(7, cli(APPROVER, "gated", "approve", String.valueOf(runId)).exitCode(), "approved only once");
    }

    /** {@code args} in process against staging's database. */
    private static Cli.Result local(String... args) {
        String[] database = {"--database-url", staging.url().jdbcUrl()};
        return Cli.run(Stream.concat(Arrays.stream(args), Arrays.stream(database)).toArray(String[]::new));
    }

    /**
     * {@code args} through the daemon, checked against the same command in process; read between
     * two in-process reads that agree, so a run of another test moving on meanwhile cannot make
     * them differ.
     */
    private static Cli.Result sameThroughTheDaemon(String... args) {
        for (int attempt = 0; attempt < 5; attempt++) {
            Cli.Result before = local(args);
            Cli.Result remote = cli(VIEWER, "staging", args);
            Cli.Result after = local(args);
            assertEquals(0, before.exitCode(), before.err());
            assertEquals(0, remote.exitCode(), remote.err());
            if (before.out().equals(after.out())) {
                assertEquals(before.out(), remote.out(), String.join(" ", args));
                return remote;
            }
        }
        throw new AssertionError("staging's runs kept changing while reading " + String.join(" ", args));
    }

    private static String runState(long runId) {
        return String.valueOf(staging.queryValue("SELECT state FROM pgshift.run WHERE id = " + runId));
    }

    private static long columns(String table, String column) {
        return staging.queryLong("SELECT count(*) FROM information_schema.columns WHERE table_name = '" + table
                + "' AND column_name = '" + column + "'");
    }

    @Test
    void historyThroughTheDaemonPrintsTheDatabasesOwnLines() throws Exception {
        for (String n : List.of("1", "2")) {
            table(staging.url(), "c_hist_" + n, 200);
            Cli.Result submitted = cli(OPERATOR, "staging", "submit", playbook("c-hist-" + n, "c_hist_" + n, "{size: 100}")
                    .toString(), "--wait");
            assertEquals(0, submitted.exitCode(), submitted.out() + submitted.err());
        }
        Cli.Result history = sameThroughTheDaemon("history");
        assertTrue(history.out().startsWith("run   playbook "), history.out());
        assertTrue(Pattern.compile("(?m)^\\d+ +c-hist-2 +[0-9a-f]{12} +\\S+ +olga ").matcher(history.out()).find(),
                history.out());
        assertEquals(2, sameThroughTheDaemon("history", "--limit", "1").out().lines().count());
        assertEquals("(no runs yet)", sameThroughTheDaemon("history", "--limit", "0").out().lines().skip(1).findFirst()
                .orElseThrow());

        // pages of one run: the newest three, in history's order, each once
        DaemonClient daemonClient = new DaemonClient(URI.create(daemon.baseUrl()), VIEWER, Duration.ofSeconds(5),
                Duration.ofSeconds(30));
        List<Long> paged = RemoteHistory.list(daemonClient, "staging", 3, 1).stream().map(RunRecord::id).toList();
        List<Long> newest = new ArrayList<>();
        try (Connection c = staging.connect(); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT id FROM pgshift.run ORDER BY id DESC LIMIT 3")) {
            while (rs.next()) {
                newest.add(rs.getLong(1));
            }
        }
        assertEquals(newest, paged);
    }

    @Test
    void rollbackThroughTheDaemonUndoesAFinishedRunAndPrintsTheInProcessReport() throws Exception {
        table(staging.url(), "c_rb", 300);
        Path file = playbook("c-rb", "c_rb", "{size: 100}");
        Cli.Result submitted = cli(OPERATOR, "staging", "submit", file.toString(), "--wait");
        assertEquals(0, submitted.exitCode(), submitted.out() + submitted.err());
        long first = runId(submitted);
        assertEquals(1, columns("c_rb", "doubled"));

        Cli.Result viewer = cli(VIEWER, "staging", "rollback", String.valueOf(first), "--drop-data");
        assertEquals(14, viewer.exitCode(), viewer.err());
        assertTrue(viewer.firstErrorLine().contains("operator"), viewer.err());
        assertEquals("SUCCEEDED", runState(first));

        Cli.Result remote = cli(OPERATOR, "staging", "rollback", String.valueOf(first), "--drop-data");
        assertEquals(0, remote.exitCode(), remote.err());
        assertTrue(remote.out().startsWith("run " + first + " is ROLLED_BACK\n"), remote.out());
        assertTrue(remote.out().contains("  undone:     "), remote.out());
        assertEquals("ROLLED_BACK", runState(first));
        assertEquals(0, columns("c_rb", "doubled"), "--drop-data drops the column the run added");
        assertEquals(1, staging.queryLong("SELECT count(*) FROM pgshift.audit_log WHERE action = 'ROLLED_BACK'"
                + " AND actor = 'olga' AND run_id = " + first));

        // the same playbook runs again, and in process its rollback prints the same report
        Cli.Result resubmitted = cli(OPERATOR, "staging", "submit", file.toString(), "--wait");
        assertEquals(0, resubmitted.exitCode(), resubmitted.out() + resubmitted.err());
        long second = runId(resubmitted);
        Cli.Result inProcess = local("rollback", String.valueOf(second), "--drop-data");
        assertEquals(0, inProcess.exitCode(), inProcess.err());
        assertEquals(0, columns("c_rb", "doubled"));
        assertEquals(inProcess.out().replace("run " + second + " is", "run " + first + " is"), remote.out());

        // a rolled back run is over: both refuse alike
        Cli.Result again = cli(OPERATOR, "staging", "rollback", String.valueOf(first));
        Cli.Result againInProcess = local("rollback", String.valueOf(first));
        assertEquals(7, againInProcess.exitCode(), againInProcess.err());
        assertEquals(againInProcess.exitCode(), again.exitCode(), again.err());
        assertEquals(againInProcess.err(), again.err());
        Cli.Result unknown = cli(OPERATOR, "staging", "rollback", "999999");
        Cli.Result unknownInProcess = local("rollback", "999999");
        assertEquals(2, unknownInProcess.exitCode(), unknownInProcess.err());
        assertEquals(unknownInProcess.exitCode(), unknown.exitCode(), unknown.err());
        assertEquals(unknownInProcess.err(), unknown.err());
    }

    @Test
    void rollingBackAWorkingRunExitsSevenThroughTheDaemonAsInProcess() throws Exception {
        table(staging.url(), "c_rbw", 20000);
        Path file = playbook("c-rbw", "c_rbw", "{size: 50, min_size: 50, max_size: 50, target_ms: 50, pause_ms: 40}");
        Cli.Result submitted = cli(OPERATOR, "staging", "submit", file.toString());
        assertEquals(0, submitted.exitCode(), submitted.err());
        long runId = runId(submitted);
        api.awaitState("staging", runId, VIEWER, "BACKFILLING", 30);

        Cli.Result remote = cli(OPERATOR, "staging", "rollback", String.valueOf(runId), "--drop-data");
        Cli.Result inProcess = local("rollback", String.valueOf(runId), "--drop-data");
        assertEquals(7, inProcess.exitCode(), inProcess.err());
        assertEquals(7, remote.exitCode(), remote.err());
        assertTrue(remote.firstErrorLine().startsWith("pgshift: run " + runId + " is BACKFILLING"), remote.err());
        assertTrue(remote.firstErrorLine().contains("cannot move to ROLLING_BACK"), remote.err());
        assertEquals(inProcess.err(), remote.err());
        assertEquals(1, columns("c_rbw", "doubled"), "nothing was undone");

        assertEquals(0, cli(OPERATOR, "staging", "cancel", String.valueOf(runId)).exitCode());
    }

    /** The id of the newest run of {@code playbook} on staging, once the daemon has it. */
    private static long awaitRunOf(String playbook) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            ApiClient.Reply list = api.get("/api/v1/runs?target=staging&playbook=" + playbook, VIEWER);
            if (list.status() == 200 && !list.json().path("runs").isEmpty()) {
                return list.json().path("runs").get(0).path("id").asLong();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no run of " + playbook + " was submitted");
    }
}
