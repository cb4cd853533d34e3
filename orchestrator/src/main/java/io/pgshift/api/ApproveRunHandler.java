package io.pgshift.api;

import io.pgshift.audit.AuditAction;
import io.pgshift.audit.AuditEntry;
import io.pgshift.daemon.TargetNode;
import io.pgshift.db.Transactions;
import io.pgshift.run.RunNotFoundException;
import io.pgshift.run.RunRecord;
import java.sql.Connection;
import java.util.Map;

/**
 * {@code POST .../runs/{id}/approve}: an approver other than the submitter lets a run that waits
 * for approval start. The approval is recorded on the run and audited; the driver then starts the
 * run as it starts any other (row counts before, expand, ...). An approval is recorded once: a
 * second one, even while the run still waits (for its allowed windows), is 409 naming the first.
 */
final class ApproveRunHandler implements Handler {
    private final Targets targets;

    ApproveRunHandler(Targets targets) {
        this.targets = targets;
    }

    @Override
    public ApiResponse handle(ApiRequest request) throws Exception {
        TargetNode target = targets.get(request.pathParam("target"));
        long runId = request.idParam("id");
        var ctx = target.context();
        try (Connection c = target.connect("approve")) {
            RunRecord run = ctx.runs().find(c, runId).orElseThrow(() -> new RunNotFoundException(runId));
            if (request.actor().equals(run.submittedBy())) {
                throw ApiException.forbidden("'" + request.actor() + "' submitted run " + runId
                        + " and cannot approve it: another approver must");
            }
            // the approval and its audit row commit together: no approval goes unaudited
            RunRecord approved = Transactions.inTransaction(c, tx -> {
                RunRecord recorded = ctx.runs().recordApproval(tx, runId, request.actor());
                ctx.audit().append(tx, new AuditEntry(request.actor(), AuditAction.APPROVED, runId,
                        Map.of("submitted_by", run.submittedBy(), "checksum", run.checksum())));
                return recorded;
            });
            target.scheduleDriver(runId);
            return ApiResponse.ok(RunViews.run(c, ctx.steps(), target.name(), approved));
        }
    }
}
