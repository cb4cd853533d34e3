package io.pgshift.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgshift.audit.AuditAction;
import io.pgshift.audit.AuditEntry;
import io.pgshift.backfill.BackfillKnobs;
import io.pgshift.daemon.TargetNode;
import io.pgshift.db.Transactions;
import io.pgshift.run.RunNotFoundException;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code PATCH .../runs/{id}/backfill} with {@code {"batch_size": n, "pause_ms": n}} (either
 * optional): live knobs of the run's unfinished backfills, read by every partition at its next
 * batch. Each change and its KNOB_CHANGED audit row (old and new values, actor) commit together.
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
        var ctx = target.context();
        try (Connection c = target.connect("knobs")) {
            ctx.runs().find(c, runId).orElseThrow(() -> new RunNotFoundException(runId));
            List<BackfillKnobs.Change> changes = Transactions.inTransaction(c, tx -> {
                List<BackfillKnobs.Change> made = BackfillKnobs.setForRun(tx, runId, batchSize, pauseMs);
                for (BackfillKnobs.Change change : made) {
                    ctx.audit().append(tx, new AuditEntry(request.actor(), AuditAction.KNOB_CHANGED, runId,
                            view(change)));
                }
                return made;
            });
            if (changes.isEmpty()) {
                throw ApiException.conflict("run " + runId + " has no unfinished backfill: knobs apply to a running,"
                        + " paused or pending backfill only");
            }
            return ApiResponse.ok(Map.of("run_id", runId, "backfills", changes.stream().map(BackfillKnobsHandler::view)
                    .toList()));
        }
    }

    private static Map<String, Object> view(BackfillKnobs.Change change) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("backfill_id", change.backfillId());
        m.put("name", change.name());
        m.put("batch_size", oldNew(change.oldBatchSize(), change.newBatchSize()));
        m.put("pause_ms", oldNew(change.oldPauseMs(), change.newPauseMs()));
        return m;
    }

    private static Map<String, Object> oldNew(Integer old, Integer now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("old", old);
        m.put("new", now);
        return m;
    }
}
