package io.pgshift.usecase;

import io.pgshift.audit.AuditAction;
import io.pgshift.audit.AuditEntry;
import io.pgshift.backfill.BackfillKnobs;
import io.pgshift.db.Transactions;
import io.pgshift.engine.EngineContext;
import io.pgshift.error.ErrorCode;
import io.pgshift.error.PgshiftException;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Live knobs of a run's unfinished backfills ({@code PATCH .../backfill}): batch size and pause,
 * read by every partition at its next batch. The one audited entry point for them: each change and
 * its KNOB_CHANGED row (old and new values, actor) commit together.
 */
public final class SetBackfillKnobs {
    private final RunHost host;

    public SetBackfillKnobs(RunHost host) {
        this.host = host;
    }

    /** Either knob may be null (left as it is), not both: {@code batchSize} > 0, {@code pauseMs} >= 0. */
    public record Request(long runId, String actor, Integer batchSize, Integer pauseMs) {
        public Request {
            if (batchSize == null && pauseMs == null) {
                throw new PgshiftException(ErrorCode.USAGE, "give a batch size (> 0) and/or a pause (>= 0 ms)");
            }
        }
    }

    /** The backfills changed, each with its old and new values. */
    public record Result(long runId, List<BackfillKnobs.Change> changes) {
    }

    /**
     * @throws NoUnfinishedBackfillException none of the run's backfills is pending, running or paused
     */
    public Result set(Request request) throws Exception {
        EngineContext ctx = host.context();
        long runId = request.runId();
        try (Connection c = host.connect("knobs")) {
            RunLookup.find(ctx, c, runId);
            List<BackfillKnobs.Change> changes = Transactions.inTransaction(c, tx -> {
                List<BackfillKnobs.Change> made = BackfillKnobs.setForRun(tx, runId, request.batchSize(),
                        request.pauseMs());
                for (BackfillKnobs.Change change : made) {
                    ctx.audit().append(tx, new AuditEntry(request.actor(), AuditAction.KNOB_CHANGED, runId,
                            details(change)));
                }
                return made;
            });
            if (changes.isEmpty()) {
                throw new NoUnfinishedBackfillException(runId);
            }
            return new Result(runId, changes);
        }
    }

    /** A change as its audit row and the API show it: {@code {backfill_id, name, batch_size: {old, new}, pause_ms: ...}}. */
    public static Map<String, Object> details(BackfillKnobs.Change change) {
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
