package io.pgshift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.run.StateSchema;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.RepoFiles;
import io.pgshift.testing.TestDatabase;
import java.sql.Connection;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code pgshift plan --format notes} against a real catalog: the release note of a seed playbook,
 * with the backup the target's stored policy requires; the database is left as it was.
 */
@ExtendWith(PgDatabaseExtension.class)
class PlanNotesIT {
    private static TestDatabase db;

    @BeforeAll
    static void createLms(TestDatabase database) throws Exception {
        db = database;
        db.executeFile("scripts/sql/lms-schema.sql", Map.of());
        db.executeFile("scripts/sql/lms-data.sql", Map.of("rows", "200"));
        db.executeFile("scripts/sql/lms-courses.sql", Map.of());
        try (Connection c = db.connect()) {
            StateSchema.migrate(c);
        }
        db.execute("INSERT INTO pgshift.target_policy (approval_required, backup_required, verify_restore, set_by)"
                + " VALUES (false, true, true, 'test')");
    }

    private static Cli.Result notes(String playbook, String... extra) {
        String[] args = new String[4 + extra.length];
        args[0] = "plan";
        args[1] = RepoFiles.path(playbook).toString();
        args[2] = "--format";
        args[3] = "notes";
        System.arraycopy(extra, 0, args, 4, extra.length);
        return Cli.run(args);
    }

    @Test
    void writesTheReleaseNoteOfAPlaybookWithTheBackupItsTargetRequires() {
        String fingerprint = String.valueOf(db.queryValue("SELECT count(*) || ':' || max(relname) FROM pg_class"));
        var result = notes("playbooks/003-unique-email.yaml", "--database-url", db.jdbcUrlForChild());
        assertEquals(0, result.exitCode(), result.out() + result.err());
        for (String part : new String[] {"# unique-email\n\nEnforce one account per email address\n",
                "## What changes\n", "### Contract\n", "users_email_key",
                "## Locks, scans and rewrites\n", "SHARE UPDATE EXCLUSIVE on `users`",
                "## Data at risk\n\nNone", "requires a backup before expand, its restore verified", "it covers `users`",
                "## Estimated durations\n", "## Rollback\n", "undone by\n  ```sql\n"}) {
            assertTrue(result.out().contains(part), "missing '" + part + "' in:\n" + result.out());
        }
        assertEquals(fingerprint, String.valueOf(db.queryValue("SELECT count(*) || ':' || max(relname) FROM pg_class")),
                "plan must not change the database");
    }

    @Test
    void aBackfillPlaybookGivesItsEstimateAndWhatRollbackKeeps() {
        db.execute("ANALYZE users");
        var result = notes("playbooks/002-users-preferences.yaml", "--database-url", db.jdbcUrlForChild());
        assertEquals(0, result.exitCode(), result.out() + result.err());
        for (String part : new String[] {"### Expand\n", "### Backfill\n", "rows in ~", "Backfills in all: ~",
                "not undone (values written stay)", "not undone (kept: it may hold data written since; --drop-data drops it)"}) {
            assertTrue(result.out().contains(part), "missing '" + part + "' in:\n" + result.out());
        }
    }

    @Test
    void aTypeSwapIsDataAtRiskAndItsLongUndoIsShownByItsFirstLine() {
        var result = notes("playbooks/005-widen-course-ids.yaml", "--database-url", db.jdbcUrlForChild());
        assertEquals(0, result.exitCode(), result.out() + result.err());
        String risk = result.out().substring(result.out().indexOf("## Data at risk"), result.out().indexOf("## Backups"));
        assertTrue(risk.contains("swap courses.id (integer) for id_pgshift_new (bigint)"), risk);
        assertTrue(risk.contains("after which the old type cannot come back"), risk);
        assertTrue(result.out().contains("it covers `courses`, `enrollments`"), result.out());
        assertTrue(result.out().contains("DO $pgshift_swap$ -- ... ("), result.out());
        assertTrue(result.out().contains(" more lines, run whole by pgshift rollback)\n"), result.out());
    }

    @Test
    void notesFromTheDaemonAreAUsageError() {
        var result = notes("playbooks/003-unique-email.yaml", "--server", "http://127.0.0.1:1", "--target", "staging");
        assertEquals(2, result.exitCode(), result.out() + result.err());
        assertTrue(result.err().contains("--format notes is not available with --server"), result.err());
        assertEquals("", result.out());
    }
}
