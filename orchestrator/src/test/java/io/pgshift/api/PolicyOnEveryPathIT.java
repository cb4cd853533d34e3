package io.pgshift.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.cli.Cli;
import io.pgshift.daemon.boot.Daemon;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A target's policy lives with the target, not only in a daemon's file: the daemon records its
 * configuration's policy in the target when it starts (audited once, not at every start), and a
 * local {@code pgshift apply --database-url} on that target refuses what it cannot give (an
 * approval) without touching the database, unless told to break glass with a reason, which
 * the audit log records.
 */
@ExtendWith(PgDatabaseExtension.class)
class PolicyOnEveryPathIT {
    @TempDir
    Path tmp;

    private static String config(TestDatabase db, boolean approval) {
        return """
                listen: 127.0.0.1:0
                node: policy-it
                targets:
                  production:
                    url: %s
                    policy: {approval_required: %s}
                tokens:
                  - {name: olivia, sha256: %s, roles: [operator, viewer]}
                """.formatted(db.jdbcUrlForChild(), approval, ApiClient.sha256("policy-it-token"));
    }

    @Test
    void aLocalApplyMeetsThePolicyTheDaemonRecordedOrBreaksGlassOnTheRecord(TestDatabase db) throws Exception {
        DaemonApiIT.table(db::execute, "ledger", 300);
        try (Daemon daemon = TestDaemons.start(config(db, true))) {
            assertEquals("true|daemon policy-it", db.queryValue("SELECT approval_required || '|' || set_by"
                    + " FROM pgshift.target_policy"));
        }
        try (Daemon again = TestDaemons.start(config(db, true))) {
            assertEquals(1, db.queryLong("SELECT count(*) FROM pgshift.audit_log WHERE action = 'POLICY_CHANGED'"),
                    "the same policy is not recorded again");
        }
        Path playbook = tmp.resolve("ledger.yaml");
        Files.writeString(playbook, TestDaemons.doublingPlaybook("ledger-doubled", "ledger", "{size: 100}"));
        String url = db.url().jdbcUrl();

        Cli.Result refused = Cli.run("apply", playbook.toString(), "--database-url", url);
        assertEquals(16, refused.exitCode(), refused.out() + refused.err());
        assertEquals("pgshift: the target's policy (approval required) requires an approval, which a local apply cannot"
                + " give: submit the playbook through the daemon (pgshift submit --server …), or in an emergency pass"
                + " --break-glass --reason \"why\" (audited)", lastLine(refused.err()), "after the lint warning, one line says why");
        assertEquals(0, db.queryLong("SELECT count(*) FROM pgshift.run"), "no run was created");
        assertEquals(0, db.queryLong("SELECT count(*) FROM pg_attribute WHERE attrelid = 'ledger'::regclass"
                + " AND attname = 'doubled'"), "the table is untouched");

        Cli.Result noReason = Cli.run("apply", playbook.toString(), "--database-url", url, "--break-glass");
        assertEquals(2, noReason.exitCode(), noReason.err());
        assertEquals(0, db.queryLong("SELECT count(*) FROM pgshift.run"));

        Cli.Result broken = Cli.run("apply", playbook.toString(), "--database-url", url, "--break-glass",
                "--reason", "incident 4711: the approver is unreachable", "--actor", "mallory");
        assertEquals(0, broken.exitCode(), broken.out() + broken.err());
        assertEquals("mallory|incident 4711: the approver is unreachable|[\"an approval\"]", db.queryValue(
                "SELECT actor || '|' || (details->>'reason') || '|' || (details->'bypassed')::text FROM pgshift.audit_log"
                        + " WHERE action = 'BREAK_GLASS'"));
        assertEquals(0, db.queryLong("SELECT count(*) FROM ledger WHERE doubled IS DISTINCT FROM n * 2"));

        try (Daemon relaxed = TestDaemons.start(config(db, false))) {
            assertEquals("false", db.queryValue("SELECT approval_required::text FROM pgshift.target_policy"));
            assertEquals("approval required|none", db.queryValue("SELECT (details->>'before') || '|' || (details->>'after')"
                    + " FROM pgshift.audit_log WHERE action = 'POLICY_CHANGED' ORDER BY id DESC LIMIT 1"),
                    "a daemon started with another policy records it, audited with the one it replaced");
        }
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines[lines.length - 1];
    }
}
