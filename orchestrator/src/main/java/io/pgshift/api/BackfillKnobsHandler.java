package io.pgshift.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgshift.daemon.TargetNode;
import io.pgshift.usecase.SetBackfillKnobs;
import java.util.Map;

/**
 * {@code PATCH .../runs/{id}/backfill} with {@code {"batch_size": n, "pause_ms": n}} (either
 * optional): live knobs of the run's unfinished backfills ({@link SetBackfillKnobs}), each change
 * audited KNOB_CHANGED with the token's name. 409 when the run has no unfinished backfill.
 */
final class BackfillKnobsHandler implements Handler {
    private final Targets targets;

    BackfillKnobsHandler(Targets targets) {
        this.targets = targets;
    }

    @Override
    public ApiResponse handle(ApiRequest request) throws Exception {
        TargetNode target = targets.get(request.pathParam("target"));
        long runId = request.idParam("id");
        JsonNode body = request.jsonObject();
        Bodies.onlyFields(body, "batch_size", "pause_ms");
        Integer batchSize = Bodies.optionalInt(body, "batch_size", 1);
        Integer pauseMs = Bodies.optionalInt(body, "pause_ms", 0);
        if (batchSize == null && pauseMs == null) {
            throw ApiException.badRequest("give 'batch_size' (> 0) and/or 'pause_ms' (>= 0)");
        }
        SetBackfillKnobs.Result result = new SetBackfillKnobs(target)
                .set(new SetBackfillKnobs.Request(runId, request.actor(), batchSize, pauseMs));
        return ApiResponse.ok(Map.of("run_id", result.runId(), "backfills", result.changes().stream()
                .map(SetBackfillKnobs::details).toList()));
    }
}
