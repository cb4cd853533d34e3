package io.pgshift.cli;

import io.pgshift.audit.AuditLog;
import io.pgshift.ops.BaselineCheck;
import io.pgshift.ops.BaselineStore;
import io.pgshift.playbook.Playbook;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;

/**
 * For {@code plan}: once the plan accepted the playbook, its required tables and columns exist
 * live; any the newest baseline lacks appeared outside pgshift's knowledge since. Worth a
 * warning on stderr, never a refusal. Silent when there is no baseline.
 */
final class BaselineWarnings {
    private BaselineWarnings() {
    }

    static void print(Connection c, Playbook playbook, PrintWriter err) throws SQLException {
        var baseline = new BaselineStore(new AuditLog(Clock.systemUTC())).latest(c, playbook.settings().schema());
        if (baseline.isEmpty()) {
            return;
        }
        for (var gap : BaselineCheck.gaps(playbook.requires(), baseline.get())) {
            err.println("pgshift: warning: requires " + gap.text() + " but present live (created outside pgshift since?)");
        }
        err.flush();
    }
}
