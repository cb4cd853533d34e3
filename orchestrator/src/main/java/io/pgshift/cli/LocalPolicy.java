package io.pgshift.cli;

import io.pgshift.error.ErrorCode;
import io.pgshift.error.PgshiftException;
import io.pgshift.run.TargetPolicy;
import io.pgshift.run.TargetPolicyStore;
import io.pgshift.usecase.BreakGlass;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * The target's stored policy, as a local {@code pgshift apply} meets it: it takes the policy's
 * windows and default settings for its run, takes the backup the policy asks for when given
 * {@code --backup-dir}, and refuses what it cannot give (an approval, a backup without a
 * directory) unless told {@code --break-glass --reason "…"}, which the audit log records.
 */
final class LocalPolicy {
    private final TargetPolicy policy;
    private final List<String> bypassed;

    private LocalPolicy(TargetPolicy policy, List<String> bypassed) {
        this.policy = policy;
        this.bypassed = List.copyOf(bypassed);
    }

    static LocalPolicy check(Connection target, boolean takesBackup, boolean breakGlass, String reason)
            throws SQLException {
        if (breakGlass && (reason == null || reason.isBlank())) {
            throw new PgshiftException(ErrorCode.USAGE, "--break-glass needs --reason \"why\": the audit log records it");
        }
        TargetPolicy policy = TargetPolicyStore.read(target).orElse(TargetPolicy.NONE);
        List<String> unmet = policy.unmetLocally(takesBackup);
        if (!unmet.isEmpty() && !breakGlass) {
            throw new PgshiftException(ErrorCode.POLICY_REFUSED, "the target's policy (" + policy.describe()
                    + ") requires " + String.join(" and ", unmet) + ", which a local apply cannot give: submit the"
                    + " playbook through the daemon (pgshift submit --server …)"
                    + (unmet.size() == 1 && !policy.approvalRequired() ? ", or pass --backup-dir DIR" : "")
                    + ", or in an emergency pass --break-glass --reason \"why\" (audited)");
        }
        return new LocalPolicy(policy, unmet);
    }

    TargetPolicy policy() {
        return policy;
    }

    /** The break-glass the new run's audit trail records (why, and what was skipped): empty when nothing was bypassed. */
    Optional<BreakGlass> breakGlass(String reason) {
        return bypassed.isEmpty() ? Optional.empty() : Optional.of(new BreakGlass(reason, policy.describe(), bypassed));
    }
}
