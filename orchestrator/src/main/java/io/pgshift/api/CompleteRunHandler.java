package io.pgshift.api;

import io.pgshift.daemon.TargetNode;
import io.pgshift.engine.RunCompletion;
import io.pgshift.sync.RelianceDetails;
import java.sql.Connection;
import java.util.Map;

/**
 * {@code POST .../runs/{id}/complete} with an optional body {@code {"force": true}}: a run held
 * before contract goes on, and its driver is fired on the cluster. 409 with the sync triggers'
 * numbers while writers still rely on one (unless forced).
 */
final class CompleteRunHandler implements Handler {
    private final Targets targets;

    CompleteRunHandler(Targets targets) {
        this.targets = targets;
    }

    @Override
    public ApiResponse handle(ApiRequest request) throws Exception {
        TargetNode target = targets.get(request.pathParam("target"));
        long runId = request.idParam("id");
        boolean force = Bodies.force(request);
        try (Connection c = target.connect("complete")) {
            RunCompletion.Result result = new RunCompletion(target.context()).complete(c, c, runId, request.actor(), force);
            target.scheduleDriver(runId);
            Map<String, Object> view = RunViews.run(c, target.context().steps(), target.name(), result.run());
            view.put("forced", result.forced());
            view.put("sync_triggers", result.reliance().stream().map(RelianceDetails::of).toList());
            return ApiResponse.ok(view);
        }
    }
}
