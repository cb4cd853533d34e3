package io.pgshift.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgshift.audit.AnchorFile;
import io.pgshift.audit.AuditAnchor;
import io.pgshift.cli.Cli;
import io.pgshift.daemon.boot.Daemon;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A daemon with {@code audit_anchors} writes the head of its target's audit chain down as it
 * moves and when it stops; rows deleted at the end of the chain, which the chain alone cannot
 * show, are then named by {@code audit verify}: through the API, through the CLI's daemon mode,
 * and by the CLI on the database with the anchor file.
 */
@ExtendWith(PgDatabaseExtension.class)
class AuditAnchorsIT {
    private static final String TOKEN = "olivia-token";

    @TempDir
    Path dir;

    @Test
    void anchorsWrittenByTheDaemonRevealRowsDeletedAtTheEndOfTheLog(TestDatabase db) throws Exception {
        DaemonApiIT.table(db::execute, "ledger", 200);
        String config = """
                listen: 127.0.0.1:0
                node: anchors-it
                audit_anchors: {dir: %s, every: 1s}
                targets:
                  staging:
                    url: %s
                tokens:
                  - {name: olivia, sha256: %s, roles: [operator, viewer]}
                """.formatted(dir, db.jdbcUrlForChild(), ApiClient.sha256(TOKEN));
        Path file = dir.resolve("staging.anchors");
        long headBefore;
        try (Daemon daemon = TestDaemons.start(config)) {
            ApiClient api = new ApiClient(daemon.baseUrl());
            ApiClient.Reply created = api.submit("staging", TOKEN,
                    TestDaemons.doublingPlaybook("ledger-doubled", "ledger", "{size: 100}"));
            assertEquals(201, created.status(), created.toString());
            api.awaitState("staging", created.json().path("run").path("id").asLong(), TOKEN, "SUCCEEDED", 60);
            JsonNode verified = api.verifyAudit("staging", TOKEN);
            assertTrue(verified.path("ok").asBoolean(), verified.toString());
            headBefore = db.queryLong("SELECT max(id) FROM pgshift.audit_log");
        }
        List<AuditAnchor> anchors = new AnchorFile(file).read();
        assertFalse(anchors.isEmpty());
        assertEquals(headBefore, anchors.get(anchors.size() - 1).id(), "the daemon anchors its last head when it stops");

        long lastKept = headBefore - 3;
        db.execute("BEGIN; ALTER TABLE pgshift.audit_log DISABLE TRIGGER ALL; DELETE FROM pgshift.audit_log WHERE id > "
                + lastKept + "; ALTER TABLE pgshift.audit_log ENABLE TRIGGER ALL; COMMIT");

        Cli.Result chainOnly = Cli.run("audit", "verify", "--database-url", db.jdbcUrlForChild());
        assertEquals(0, chainOnly.exitCode(), "without anchors the chain looks whole: " + chainOnly);
        Cli.Result withAnchors = Cli.run("audit", "verify", "--anchors", file.toString(), "--database-url",
                db.jdbcUrlForChild());
        assertEquals(10, withAnchors.exitCode(), withAnchors.toString());
        assertTrue(withAnchors.firstErrorLine().contains("is missing: the log ends at row " + lastKept),
                withAnchors.toString());

        try (Daemon daemon = TestDaemons.start(config)) {
            JsonNode verified = new ApiClient(daemon.baseUrl()).verifyAudit("staging", TOKEN);
            assertFalse(verified.path("ok").asBoolean(), verified.toString());
            assertEquals(headBefore, verified.path("first_bad_id").asLong(), verified.toString());
            Cli.Result remote = Cli.run("audit", "verify", "--server", daemon.baseUrl(), "--token", TOKEN, "--target",
                    "staging");
            assertEquals(10, remote.exitCode(), remote.toString());
            assertEquals(withAnchors.firstErrorLine(), remote.firstErrorLine(), "the same report either way");
        }
    }

    @Test
    void aDeletedAnchorFileFailsTheDaemonsVerificationInsteadOfPassingAsNoAnchors(TestDatabase db) throws Exception {
        try (java.sql.Connection c = db.connect()) {
            io.pgshift.run.StateSchema.migrate(c);
            new io.pgshift.audit.AuditLog(java.time.Clock.systemUTC()).append(c,
                    io.pgshift.audit.AuditEntry.of("olivia", io.pgshift.audit.AuditAction.PAUSED, 1L));
        }
        Path anchorsDir = dir.resolve("deleted");
        String config = """
                listen: 127.0.0.1:0
                node: anchors-deleted-it
                audit_anchors: {dir: %s, every: 1s}
                targets:
                  staging:
                    url: %s
                tokens:
                  - {name: olivia, sha256: %s, roles: [viewer]}
                """.formatted(anchorsDir, db.jdbcUrlForChild(), ApiClient.sha256(TOKEN));
        Path file = anchorsDir.resolve("staging.anchors");
        try (Daemon daemon = TestDaemons.start(config)) {
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
            while (!java.nio.file.Files.exists(file) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(java.nio.file.Files.exists(file), "the daemon anchors the head it finds at start");
            // the writer adds a line only when the head moves, so the file stays gone while nothing is audited
            java.nio.file.Files.delete(file);

            JsonNode verified = new ApiClient(daemon.baseUrl()).verifyAudit("staging", TOKEN);
            assertFalse(verified.path("ok").asBoolean(), verified.toString());
            assertTrue(verified.path("reason").asText().contains("anchor file " + file + " is missing"), verified.toString());
        }
    }

    @Test
    // anchoring before the first run is allowed: a cron job may start with the log; it creates the state
    void anchorCommandWritesTheHeadForALaterVerify(TestDatabase db) {
        Path file = dir.resolve("cli.anchors");
        DaemonApiIT.table(db::execute, "journal", 10);
        Cli.Result empty = Cli.run("audit", "anchor", file.toString(), "--database-url", db.jdbcUrlForChild());
        assertEquals(0, empty.exitCode(), empty.toString());
        Cli.Result applied = Cli.run("apply", write(TestDaemons.doublingPlaybook("journal-doubled", "journal",
                "{size: 100}")), "--database-url", db.jdbcUrlForChild());
        assertEquals(0, applied.exitCode(), applied.toString());
        Cli.Result anchored = Cli.run("audit", "anchor", file.toString(), "--database-url", db.jdbcUrlForChild());
        assertEquals(0, anchored.exitCode(), anchored.toString());
        assertTrue(anchored.out().startsWith("anchored row "), anchored.out());
        Cli.Result verified = Cli.run("audit", "verify", "--anchors", file.toString(), "--database-url",
                db.jdbcUrlForChild());
        assertEquals(0, verified.exitCode(), verified.toString());
        assertTrue(verified.out().contains(", 1 anchors hold, head hash "), verified.out());
    }

    private String write(String yaml) {
        try {
            return java.nio.file.Files.writeString(dir.resolve("playbook.yaml"), yaml).toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
