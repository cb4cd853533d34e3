package io.pgshift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code pgshift backup} and {@code apply --backup-dir} with the real pg_dump and pg_restore. */
@ExtendWith(PgDatabaseExtension.class)
class OpsBackupIT {
    private static TestDatabase db;
    @TempDir
    Path dir;

    @BeforeAll
    static void createLms(TestDatabase database) {
        db = database;
        db.executeFile("scripts/sql/lms-schema.sql", Map.of());
        db.executeFile("scripts/sql/lms-data.sql", Map.of("rows", "300"));
    }

    private static List<Path> dumps(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".dump")).toList();
        }
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private static JsonNode lastAudit(String action) throws Exception {
        Object details = db.queryValue("SELECT details::text FROM pgshift.audit_log WHERE action = '" + action
                + "' ORDER BY id DESC LIMIT 1");
        return new ObjectMapper().readTree((String) details);
    }

    @Test
    void backsUpTwoTablesWithAChecksumOfTheFileAndAVerifiedRestore() throws Exception {
        var result = Cli.run("backup", "--tables", "users,grades", "--database-url", db.jdbcUrlForChild(),
                "--dir", dir.toString(), "--verify-restore");
        assertEquals(0, result.exitCode(), result.out() + result.err());
        Path dump = dumps(dir).get(0);
        String sha = sha256(dump);
        assertTrue(result.out().contains("sha256 " + sha), result.out());
        assertTrue(result.out().contains("restore verified"), result.out());
        assertEquals(sha + "  " + dump.getFileName() + "\n", Files.readString(Path.of(dump + ".sha256")));
        JsonNode audit = lastAudit("BACKUP_TAKEN");
        assertEquals(dump.toString(), audit.at("/path").asText());
        assertEquals(sha, audit.at("/sha256").asText());
        assertEquals(db.queryLong("SELECT count(*) FROM users"), audit.at("/rows/users").asLong());
        assertEquals(db.queryLong("SELECT count(*) FROM grades"), audit.at("/rows/grades").asLong());
        assertTrue(audit.at("/restore_verified").asBoolean());
        assertEquals(0, db.queryLong("SELECT count(*) FROM pg_database WHERE datname LIKE 'pgshift_verify_%'"),
                "the scratch database is dropped");
    }

    @Test
    void aTableWhoseForeignKeyPointsOutsideTheBackupStillVerifies() throws Exception {
        // grades references users, which this backup does not hold: its key cannot be restored alone
        var result = Cli.run("backup", "--tables", "grades", "--database-url", db.jdbcUrlForChild(),
                "--dir", dir.toString(), "--verify-restore");
        assertEquals(0, result.exitCode(), result.out() + result.err());
        assertTrue(result.out().contains("restore verified"), result.out());
        assertEquals(0, db.queryLong("SELECT count(*) FROM pg_database WHERE datname LIKE 'pgshift_verify_%'"));
    }

    @Test
    void anUnknownTableFailsWithExitTwelveAndNoDumpFile() throws Exception {
        var result = Cli.run("backup", "--tables", "users,nope", "--database-url", db.jdbcUrlForChild(),
                "--dir", dir.toString());
        assertEquals(12, result.exitCode(), result.out() + result.err());
        assertTrue(result.firstErrorLine().contains("cannot back up nope: no such table"), result.err());
        assertEquals(List.of(), dumps(dir));
    }

    @Test
    void applyRefusesToStartTheRunWhenItsBackupFails() throws Exception {
        Path blocker = Files.writeString(dir.resolve("not-a-directory"), "x");
        Path playbook = Files.writeString(dir.resolve("p.yaml"),
                "name: locale\nexpand:\n  - add_column: {table: users, column: locale, type: text}\n");
        var result = Cli.run("apply", playbook.toString(), "--database-url", db.jdbcUrlForChild(),
                "--backup-dir", blocker.resolve("backups").toString());
        assertEquals(12, result.exitCode(), result.out() + result.err());
        assertTrue(result.firstErrorLine().startsWith("pgshift: cannot create the backup directory"), result.err());
        assertEquals(0, db.queryLong("SELECT count(*) FROM pgshift.run WHERE playbook_name = 'locale'"), "no run was created");
        assertEquals(0, db.queryLong("SELECT count(*) FROM information_schema.columns WHERE table_name = 'users'"
                + " AND column_name = 'locale'"), "nothing changed");
    }

    @Test
    void applyTakesTheBackupOfThePlaybooksTablesBeforeTheRun() throws Exception {
        Path playbook = Files.writeString(dir.resolve("q.yaml"),
                "name: nickname\nexpand:\n  - add_column: {table: users, column: nickname, type: text}\n");
        Path backups = dir.resolve("backups");
        var result = Cli.run("apply", playbook.toString(), "--database-url", db.jdbcUrlForChild(),
                "--backup-dir", backups.toString(), "--verify-restore", "--partitions", "1", "--threads", "2");
        assertEquals(0, result.exitCode(), result.out() + result.err());
        assertEquals(1, dumps(backups).size());
        assertTrue(result.out().indexOf("backup of") < result.out().indexOf("applying playbook nickname"), result.out());
        JsonNode audit = lastAudit("BACKUP_TAKEN");
        assertEquals("nickname", audit.at("/playbook").asText());
        assertEquals("[\"users\"]", audit.at("/tables").toString());
        assertTrue(audit.at("/restore_verified").asBoolean());
    }

    @Test
    void twoBackupsInTheSameSecondGetDistinctFilesInADirectoryCreatedOwnerOnly() throws Exception {
        // a fixed clock: both backups carry the same stamp, down to the millisecond
        var backups = new io.pgshift.ops.Backups(java.time.Clock.fixed(java.time.Instant.parse("2026-01-31T22:00:00Z"),
                java.time.ZoneOffset.UTC));
        var target = io.pgshift.ops.TargetRef.parse(db.jdbcUrlForChild());
        Path into = dir.resolve("new/backups");
        var tables = List.of(io.pgshift.playbook.TableRef.parse("users", "public"));
        var first = backups.take(target, new io.pgshift.ops.BackupSpec(tables, into, false), "test", Map.of());
        var second = backups.take(target, new io.pgshift.ops.BackupSpec(tables, into, false), "test", Map.of());
        assertNotEquals(first.file(), second.file());
        assertEquals(2, dumps(into).size());
        assertEquals(first.sha256(), sha256(first.file()));
        assertEquals(second.sha256(), sha256(second.file()));
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(into)));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(first.file())));
        try (Stream<Path> files = Files.list(into)) {
            assertEquals(List.of(), files.filter(f -> f.toString().endsWith(".partial")).toList(), "no .partial is left");
        }
    }

    @Test
    void aWorldWritableBackupDirectoryIsRefusedWithExitTwelve() throws Exception {
        Path shared = Files.createDirectory(dir.resolve("shared"));
        Files.setPosixFilePermissions(shared, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        var result = Cli.run("backup", "--tables", "users", "--database-url", db.jdbcUrlForChild(),
                "--dir", shared.toString());
        assertEquals(12, result.exitCode(), result.out() + result.err());
        assertTrue(result.firstErrorLine().contains("backup directory " + shared + " is writable by others (rwxrwxrwx)"),
                result.err());
        assertEquals(List.of(), dumps(shared));
    }

    @Test
    void aBackupDirectoryOwnedByAnotherUserIsRefused() throws Exception {
        // only root can give a directory away; elsewhere this case cannot be set up
        org.junit.jupiter.api.Assumptions.assumeTrue((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0,
                "needs root to chown");
        Path theirs = Files.createDirectory(dir.resolve("theirs"));
        Files.setAttribute(theirs, "unix:uid", 65534);
        var result = Cli.run("backup", "--tables", "users", "--database-url", db.jdbcUrlForChild(),
                "--dir", theirs.toString());
        assertEquals(12, result.exitCode(), result.out() + result.err());
        assertTrue(result.firstErrorLine().contains("backup directory " + theirs + " belongs to uid 65534"), result.err());
    }
}
