package io.pgshift.api;

import io.pgshift.daemon.TargetNode;
import io.pgshift.engine.RunResumer;
import io.pgshift.run.RunRecord;
import java.sql.Connection;

/**
 * {@code POST .../runs/{id}/pause|resume|cancel}: operator requests, audited with the token's
 * name. Pause and cancel are written to the run; its driver obeys at the next safe point
 * (backfills at a batch boundary). Resume moves the run back to its phase and schedules its
 * driver on the cluster.
 */
final class RunControlHandler implements Handler {
    enum Action { PAUSE, RESUME, CANCEL }

    private final Targets targets;
    private final Action action;

    RunControlHandler(Targets targets, Action action) {
        this.targets = targets;
        this.action = action;
    }

    @Override
    public ApiResponse handle(ApiRequest request) throws Exception {
        TargetNode target = targets.get(request.pathParam("target"));
        long runId = request.idParam("id");
        var ctx = target.context();
        RunResumer control = new RunResumer(ctx.runs(), ctx.audit());
        try (Connection c = target.connect(action.name().toLowerCase(java.util.Locale.ROOT))) {
            RunRecord run = switch (action) {
                case PAUSE -> control.pause(c, runId, request.actor());
                case RESUME -> control.resume(c, runId, request.actor());
                case CANCEL -> control.cancel(c, runId, request.actor());
            };
            if (action == Action.RESUME && run.state().isWorking()) {
                target.scheduleDriver(runId);
            }
            return ApiResponse.ok(RunViews.run(c, ctx.steps(), target.name(), run));
        }
    }
}
