package io.pgshift.api;

import io.pgshift.daemon.TargetNode;
import io.pgshift.engine.SyncCleanup;
import io.pgshift.sync.RelianceDetails;
import java.sql.Connection;
import java.util.Map;

/**
 * {@code POST .../runs/{id}/cleanup} with an optional body {@code {"force": true}}: drops the sync
 * triggers a finished run kept, answering with those dropped; 409 with the numbers while writers
 * still rely on one (unless forced).
 */
final class CleanupRunHandler implements Handler {
    private final Targets targets;

    CleanupRunHandler(Targets targets) {
        this.targets = targets;
    }

    @Override
    public ApiResponse handle(ApiRequest request) throws Exception {
        TargetNode target = targets.get(request.pathParam("target"));
        long runId = request.idParam("id");
        boolean force = Bodies.force(request);
        SyncCleanup.Result result = new SyncCleanup(target.context()).cleanup(runId, request.actor(), force);
        try (Connection c = target.connect("cleanup")) {
            Map<String, Object> view = RunViews.run(c, target.context().steps(), target.name(), result.run());
            view.put("forced", result.forced());
            view.put("dropped", result.dropped().stream().map(RelianceDetails::of).toList());
            return ApiResponse.ok(view);
        }
    }
}
