package io.pgshift.api;

import io.pgshift.daemon.TargetNode;
import io.pgshift.sync.RelianceDetails;
import io.pgshift.usecase.CompleteRun;
import java.util.Map;

/**
 * {@code POST .../runs/{id}/complete} with an optional body {@code {"force": true}}: a run held
 * before contract goes on and its driver is fired on the cluster ({@link CompleteRun}). 409 with
 * the sync triggers' numbers while writers still rely on one (unless forced).
 */
final class CompleteRunHandler implements Handler {
    private final Targets targets;

    CompleteRunHandler(Targets targets) {
        this.targets = targets;
    }

    @Override
    public ApiResponse handle(ApiRequest request) throws Exception {
        TargetNode target = targets.get(request.pathParam("target"));
        CompleteRun.Request asked = new CompleteRun.Request(request.idParam("id"), request.actor(),
                Bodies.force(request));
        CompleteRun.Result result = new CompleteRun(target).complete(asked);
        Map<String, Object> view = RunViews.run(target, "complete", result.run());
        view.put("forced", result.forced());
        view.put("sync_triggers", result.reliance().stream().map(RelianceDetails::of).toList());
        return ApiResponse.ok(view);
    }
}
