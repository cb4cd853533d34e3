package io.pgshift.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.daemon.boot.Daemon;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A target whose policy requires a backup: a submitted playbook's tables are dumped (and the dump
 * proven restorable) before its run is created; when the backup cannot be taken the submission
 * is refused and no run exists.
 */
@ExtendWith(PgDatabaseExtension.class)
class BackupPolicyIT {
    @TempDir
    Path dir;

    private String config(TestDatabase db, Path backupDir) {
        return """
                listen: 127.0.0.1:0
                node: backup-policy-it
                backup_dir: %s
                targets:
                  production:
                    url: %s
                    policy: {backup_required: true, verify_restore: true}
                tokens:
                  - {name: olivia, sha256: %s, roles: [operator, viewer]}
                """.formatted(backupDir, db.jdbcUrlForChild(), ApiClient.sha256("olivia-token"));
    }

    @Test
    void requiredBackupIsTakenBeforeTheRunAndAFailedOneRefusesIt(TestDatabase db) throws Exception {
        DaemonApiIT.table(db::execute, "ledger", 300);
        Path blocked = dir.resolve("not-a-directory");
        Files.writeString(blocked, "a file where the backup directory should be");
        try (Daemon daemon = TestDaemons.start(config(db, blocked))) {
            ApiClient.Reply refused = new ApiClient(daemon.baseUrl()).submit("production", "olivia-token",
                    TestDaemons.doublingPlaybook("ledger-doubled", "ledger", "{size: 100}"));
            assertEquals(503, refused.status(), refused.toString());
            assertEquals("BACKUP_FAILED", refused.json().path("code").asText(), refused.toString());
            assertEquals(0, db.queryLong("SELECT count(*) FROM pgshift.run"), "no run without its backup");
        }
        Path backups = dir.resolve("backups");
        try (Daemon daemon = TestDaemons.start(config(db, backups))) {
            ApiClient api = new ApiClient(daemon.baseUrl());
            ApiClient.Reply created = api.submit("production", "olivia-token",
                    TestDaemons.doublingPlaybook("ledger-doubled", "ledger", "{size: 100}"));
            assertEquals(201, created.status(), created.toString());
            long runId = created.json().path("run").path("id").asLong();
            api.awaitState("production", runId, "olivia-token", "SUCCEEDED", 60);
            try (var files = Files.walk(backups)) {
                assertTrue(files.anyMatch(p -> p.toString().endsWith(".sha256")), "the dump and its checksum are there");
            }
            assertTrue(db.queryLong("SELECT min(id) FROM pgshift.audit_log WHERE action = 'BACKUP_TAKEN'")
                    < db.queryLong("SELECT min(id) FROM pgshift.audit_log WHERE action = 'SUBMITTED'"),
                    "the backup is recorded before the submission");
        }
    }
}
