package io.pgshift.api;

import io.pgshift.daemon.TargetNode;
import io.pgshift.engine.SyncCleanup;
import io.pgshift.sync.RelianceDetails;
import io.pgshift.usecase.CleanupRun;
import java.util.Map;

/**
 * {@code POST .../runs/{id}/cleanup} with an optional body {@code {"force": true}}: drops the sync
 * triggers a finished run kept ({@link CleanupRun}), answering with those dropped; 409 with the
 * numbers while writers still rely on one (unless forced).
 */
final class CleanupRunHandler implements Handler {
    private final Targets targets;

    CleanupRunHandler(Targets targets) {
        this.targets = targets;
    }

    @Override
    public ApiResponse handle(ApiRequest request) throws Exception {
        TargetNode target = targets.get(request.pathParam("target"));
        CleanupRun.Request asked = new CleanupRun.Request(request.idParam("id"), request.actor(), Bodies.force(request));
        SyncCleanup.Result result = new CleanupRun(target).cleanup(asked);
        Map<String, Object> view = RunViews.run(target, "cleanup", result.run());
        view.put("forced", result.forced());
        view.put("dropped", result.dropped().stream().map(RelianceDetails::of).toList());
        return ApiResponse.ok(view);
    }
}
