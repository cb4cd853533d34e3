package io.pgshift.repair;

import io.pgshift.audit.AuditAction;
import io.pgshift.audit.AuditEntry;
import io.pgshift.audit.AuditLog;
import io.pgshift.db.Transactions;
import io.pgshift.playbook.Playbook;
import io.pgshift.run.AcceptedChecksums;
import io.pgshift.run.RunRecord;
import io.pgshift.run.RunState;
import io.pgshift.run.RunStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code pgshift repair NAME --accept-checksum}: an applied playbook was edited on purpose (a
 * comment, a description, formatting) and should count as applied, not changed. Only a SUCCEEDED
 * run qualifies: an unfinished one would resume with steps planned from the old content. The new
 * checksum is stored on the run and the audit log records the old, the new, the reason and the
 * actor, in one transaction.
 */
public final class ChecksumRepair {
    private final RunStore runs;
    private final AuditLog audit;

    public ChecksumRepair(RunStore runs, AuditLog audit) {
        this.runs = runs;
        this.audit = audit;
    }

    /** @param file where {@code edited} was read, for the audit row */
    public RepairResult accept(Connection c, Playbook edited, String file, String reason, String actor)
            throws SQLException {
        String name = edited.name();
        String checksum = edited.checksum();
        return Transactions.inTransaction(c, tx -> {
            RunRecord run = runs.findByName(tx, name).filter(r -> !RunState.discarded().contains(r.state()))
                    .orElseThrow(() -> new RepairRefusedException(RepairRefusedException.Reason.NO_APPLIED_RUN,
                            "playbook '" + name + "' has no applied run to repair (pgshift history lists the runs);"
                                    + " a playbook never applied needs no repair: apply it"));
            if (run.state() != RunState.SUCCEEDED) {
                throw notFinished(run);
            }
            if (AcceptedChecksums.matches(tx, run, checksum)) {
                throw new RepairRefusedException(RepairRefusedException.Reason.ALREADY_MATCHES, file + " already matches"
                        + " run " + run.id() + " of playbook '" + name + "' (checksum " + shortOf(checksum)
                        + "): nothing to repair");
            }
            String previous = AcceptedChecksums.accepted(tx, run.id()).orElse(run.checksum());
            // the UPDATE re-checks SUCCEEDED: a rollback started since the read above wins
            if (!AcceptedChecksums.accept(tx, run.id(), checksum)) {
                throw notFinished(runs.find(tx, run.id()).orElse(run));
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("playbook", name);
            details.put("file", file);
            details.put("old_checksum", previous);
            details.put("new_checksum", checksum);
            details.put("reason", reason);
            audit.append(tx, new AuditEntry(actor, AuditAction.CHECKSUM_ACCEPTED, run.id(), details));
            return new RepairResult(run, previous, checksum);
        });
    }

    private static RepairRefusedException notFinished(RunRecord run) {
        return new RepairRefusedException(RepairRefusedException.Reason.RUN_NOT_FINISHED, "run " + run.id()
                + " of playbook '" + run.playbookName() + "' is " + run.state() + ", not SUCCEEDED: only an applied"
                + " playbook's checksum can be accepted; let the run finish (apply again, or roll it back) first");
    }

    static String shortOf(String checksum) {
        return checksum.substring(0, Math.min(12, checksum.length()));
    }
}
