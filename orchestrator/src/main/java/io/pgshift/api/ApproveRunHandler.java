package io.pgshift.api;

import io.pgshift.daemon.TargetNode;
import io.pgshift.run.RunRecord;
import io.pgshift.usecase.ApproveRun;

/**
 * {@code POST .../runs/{id}/approve}: an approver other than the submitter lets a run that waits
 * for approval start ({@link ApproveRun}); the answer is the run with its approver. The submitter's
 * own approval is 403; a second approval, even while the run still waits (for its allowed
 * windows), is 409 naming the first.
 */
final class ApproveRunHandler implements Handler {
    private final Targets targets;

    ApproveRunHandler(Targets targets) {
        this.targets = targets;
    }

    @Override
    public ApiResponse handle(ApiRequest request) throws Exception {
        TargetNode target = targets.get(request.pathParam("target"));
        RunRecord approved = new ApproveRun(target).approve(request.idParam("id"), request.actor());
        return ApiResponse.ok(RunViews.run(target, "approve", approved));
    }
}
