package io.pgshift.engine;

import static io.pgshift.engine.EngineFixture.assertExitCode;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.cli.Cli;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Duplicated values the gate samples are the target's data (here e-mail addresses): the operator
 * running apply sees them, the permanent audit log (and so every hook, which is sent its rows)
 * gets a count unless the run opted in.
 */
@ExtendWith(PgDatabaseExtension.class)
class AuditRedactionIT {
    private static final String EMAIL = "user3@example.com";

    @TempDir
    Path tmp;

    private Path duplicates(TestDatabase db, String name, String table) {
        EngineFixture.createUsersLike(db, table, 500);
        db.execute("UPDATE " + table + " SET email = '" + EMAIL + "' WHERE id = 7");
        return EngineFixture.write(tmp, name + ".yaml", "name: " + name + "\n"
                + "contract:\n  - add_unique: {table: " + table + ", columns: [email], name: " + table + "_email_key}\n");
    }

    private static String auditOf(TestDatabase db, long runId) {
        return (String) db.queryValue("SELECT string_agg(action || ' ' || details::text, E'\\n' ORDER BY id)"
                + " FROM pgshift.audit_log WHERE run_id = " + runId);
    }

    @Test
    void gateSamplesAreRedactedInTheAuditLogButShownToTheOperator(TestDatabase db) {
        Path file = duplicates(db, "unique-redacted", "dupes_redacted");

        Cli.Result result = EngineFixture.apply(db, file);

        assertExitCode(8, result);
        assertTrue(result.out().contains(EMAIL), "the operator sees the values:\n" + result.out());
        long runId = EngineFixture.runId(db, "unique-redacted");
        String audit = auditOf(db, runId);
        assertFalse(audit.contains(EMAIL), audit);
        assertTrue(audit.contains("GATE_FAILED") && audit.contains("1 duplicate values of dupes_redacted (email) (e.g. values"
                + " <redacted: 1 value>)"), audit);
    }

    @Test
    void aRunThatOptsInAuditsTheSamples(TestDatabase db) {
        Path file = duplicates(db, "unique-audited", "dupes_audited");

        Cli.Result result = Cli.run("apply", file.toString(), "--database-url", db.jdbcUrlForChild(), "--actor",
                "engine-test", "--audit-samples");

        assertExitCode(8, result);
        String audit = auditOf(db, EngineFixture.runId(db, "unique-audited"));
        assertTrue(audit.contains("GATE_FAILED") && audit.contains(EMAIL), audit);
    }
}
