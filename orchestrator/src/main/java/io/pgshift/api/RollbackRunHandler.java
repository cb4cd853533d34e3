package io.pgshift.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgshift.daemon.TargetNode;
import io.pgshift.run.RunRecord;
import io.pgshift.usecase.RollbackRun;

/**
 * {@code POST .../runs/{id}/rollback} with an optional body {@code {"drop_data": true}}: asks for
 * the run's rollback and fires its driver on the cluster ({@link RollbackRun}), which undoes the
 * steps in reverse; answers 202 with the run at once. A daemon restarted meanwhile carries the
 * rollback on; {@code GET .../runs/{id}} shows it ROLLED_BACK with {@code undone} and
 * {@code not_undone}, or FAILED in phase ROLLING_BACK with the reason.
 */
final class RollbackRunHandler implements Handler {
    private final Targets targets;

    RollbackRunHandler(Targets targets) {
        this.targets = targets;
    }

    @Override
    public ApiResponse handle(ApiRequest request) throws Exception {
        TargetNode target = targets.get(request.pathParam("target"));
        long runId = request.idParam("id");
        JsonNode body = request.jsonObject();
        Bodies.onlyFields(body, "drop_data");
        JsonNode dropData = body.path("drop_data");
        if (!dropData.isMissingNode() && !dropData.isBoolean()) {
            throw ApiException.badRequest("'drop_data' must be true or false");
        }
        RunRecord rolling = new RollbackRun(target).rollback(new RollbackRun.Request(runId, request.actor(),
                dropData.asBoolean(false)));
        return ApiResponse.json(202, RunViews.run(target, "rollback", rolling));
    }
}
