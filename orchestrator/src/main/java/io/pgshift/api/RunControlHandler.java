package io.pgshift.api;

import io.pgshift.daemon.TargetNode;
import io.pgshift.run.RunRecord;
import io.pgshift.usecase.CancelRun;
import io.pgshift.usecase.PauseRun;
import io.pgshift.usecase.ResumeRun;
import java.util.Locale;

/**
 * {@code POST .../runs/{id}/pause|resume|cancel}: operator requests ({@link PauseRun},
 * {@link ResumeRun}, {@link CancelRun}), audited with the token's name; the answer is the run.
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
        RunRecord run = switch (action) {
            case PAUSE -> new PauseRun(target).pause(runId, request.actor());
            case RESUME -> new ResumeRun(target).resume(runId, request.actor()).run();
            case CANCEL -> new CancelRun(target).cancel(runId, request.actor());
        };
        return ApiResponse.ok(RunViews.run(target, action.name().toLowerCase(Locale.ROOT), run));
    }
}
