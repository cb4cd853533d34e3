package io.pgshift.ops.preflight;

import io.pgshift.operation.TableNeeds;
import io.pgshift.audit.AuditAction;
import io.pgshift.audit.AuditEntry;
import io.pgshift.audit.AuditLog;
import io.pgshift.db.Connections;
import io.pgshift.error.ErrorCode;
import io.pgshift.error.PgshiftException;
import io.pgshift.ops.TargetRef;
import io.pgshift.playbook.Playbook;
import io.pgshift.run.StateSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the pre-change checklist against a target, read-only. {@link #check} stops there (the
 * API's, whose callers may be viewers that change nothing); {@link #run} then records the report
 * in the target's audit log (PREFLIGHT_CHECKED), as {@code pgshift preflight} does. A check that
 * cannot run is a WARN saying why, never a silent pass.
 */
public final class Preflight {
    public static final List<PreflightCheck> STANDARD = List.of(new TargetIdentityCheck(), new ServerVersionCheck(),
            new PrivilegeCheck(), new BlockingSessionsCheck(), new ReplicationLagCheck(), new DiskHeadroomCheck());

    private final List<PreflightCheck> checks;
    private final AuditLog audit;

    public Preflight(List<PreflightCheck> checks, Clock clock) {
        this.checks = List.copyOf(checks);
        this.audit = new AuditLog(clock);
    }

    /** The checks only, over a read-only session: nothing is migrated or recorded. */
    public PreflightReport check(TargetRef target, Playbook playbook, PreflightOptions options) {
        try (Connection c = Connections.openReadOnly(target.url(), "pgshift-preflight")) {
            return new PreflightReport(playbook.name(), target.name(), findings(c, playbook, options));
        } catch (SQLException e) {
            throw failed(target, e);
        }
    }

    /** The checks, then the report recorded in the target's audit log with {@code actor}. */
    public PreflightReport run(TargetRef target, Playbook playbook, PreflightOptions options, String actor) {
        try (Connection c = Connections.open(target.url(), "pgshift-preflight")) {
            List<PreflightFinding> findings = findings(c, playbook, options);
            PreflightReport report = new PreflightReport(playbook.name(), target.name(), findings);
            try {
                audited(c, report, playbook, actor);
                return report;
            } catch (SQLException e) {
                // a role too weak to write the audit log is itself a finding; the checks' verdicts still stand
                findings.add(new PreflightFinding("audit", CheckStatus.WARN, "report not recorded in the audit log: "
                        + e.getMessage().split("\n", 2)[0]));
                return new PreflightReport(playbook.name(), target.name(), findings);
            }
        } catch (SQLException e) {
            throw failed(target, e);
        }
    }

    private List<PreflightFinding> findings(Connection c, Playbook playbook, PreflightOptions options) {
        PreflightContext ctx = new PreflightContext(c, playbook, TableNeeds.of(playbook), options);
        List<PreflightFinding> findings = new ArrayList<>();
        for (PreflightCheck check : checks) {
            findings.addAll(runOne(check, ctx));
        }
        return findings;
    }

    private static PgshiftException failed(TargetRef target, SQLException e) {
        return new PgshiftException(ErrorCode.DATABASE, "preflight of target " + target + " failed: "
                + e.getMessage().split("\n", 2)[0], e);
    }

    private void audited(Connection c, PreflightReport report, Playbook playbook, String actor) throws SQLException {
        StateSchema.migrate(c);
        Map<String, Object> details = new LinkedHashMap<>(report.values());
        details.put("checksum", playbook.checksum());
        audit.append(c, new AuditEntry(actor, AuditAction.PREFLIGHT_CHECKED, null, details));
    }

    private static List<PreflightFinding> runOne(PreflightCheck check, PreflightContext ctx) {
        try {
            return check.run(ctx);
        } catch (SQLException e) {
            return List.of(new PreflightFinding(check.name(), CheckStatus.WARN, "could not check: " + e.getMessage().split("\n", 2)[0]));
        }
    }
}
