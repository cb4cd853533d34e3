package io.pgshift.usecase;

import io.pgshift.audit.AuditAction;
import io.pgshift.audit.AuditEntry;
import io.pgshift.db.Transactions;
import io.pgshift.engine.EngineContext;
import io.pgshift.run.AlreadyApprovedException;
import io.pgshift.run.IllegalTransitionException;
import io.pgshift.run.RunRecord;
import java.sql.Connection;
import java.util.Map;

/**
 * An approver other than the submitter lets a run that waits for approval start
 * ({@code POST .../approve}, {@code pgshift approve} through a daemon). The approval is recorded on
 * the run and audited APPROVED in one transaction; the host then starts the driver, which starts
 * the run as any other (row counts before, expand, ...) once its allowed windows open.
 */
public final class ApproveRun {
    private final RunHost host;

    public ApproveRun(RunHost host) {
        this.host = host;
    }

    /**
     * @return the run with its approver recorded
     * @throws SelfApprovalException      the actor submitted the run
     * @throws AlreadyApprovedException   an approval is recorded already (one is recorded once)
     * @throws IllegalTransitionException the run does not wait for approval
     */
    public RunRecord approve(long runId, String actor) throws Exception {
        EngineContext ctx = host.context();
        RunRecord approved;
        try (Connection c = host.connect("approve")) {
            RunRecord run = RunLookup.find(ctx, c, runId);
            if (actor.equals(run.submittedBy())) {
                throw new SelfApprovalException(runId, actor);
            }
            // the approval and its audit row commit together: no approval goes unaudited
            approved = Transactions.inTransaction(c, tx -> {
                RunRecord recorded = ctx.runs().recordApproval(tx, runId, actor);
                ctx.audit().append(tx, new AuditEntry(actor, AuditAction.APPROVED, runId,
                        Map.of("submitted_by", run.submittedBy(), "checksum", run.checksum())));
                return recorded;
            });
        }
        host.startDriver(runId);
        return approved;
    }
}
