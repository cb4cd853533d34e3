package io.pgshift.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgshift.daemon.TargetNode;
import io.pgshift.engine.RunRollback;
import java.sql.Connection;
import java.util.Map;

/**
 * {@code POST .../runs/{id}/rollback} with an optional body {@code {"drop_data": true}}: undoes the
 * run's steps in reverse, in this request (as {@code pgshift rollback} does); the answer lists
 * what was undone and what could not be.
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
        RunRollback.Result result = new RunRollback(target.context()).rollback(runId, dropData.asBoolean(false),
                request.actor());
        try (Connection c = target.connect("rollback")) {
            Map<String, Object> view = RunViews.run(c, target.context().steps(), target.name(), result.run());
            view.put("undone", result.undone());
            view.put("not_undone", result.notUndone());
            return ApiResponse.ok(view);
        }
    }
}
