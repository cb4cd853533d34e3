package io.pgshift.sync;

import java.time.Duration;
import java.time.Instant;

/**
 * What the run report says of one sync trigger, whether read here ({@link #of}) or from the
 * daemon's JSON ({@link RelianceDetails}): both modes print one report.
 *
 * @param summary    {@link Reliance#describe()}
 * @param reliedOn   {@link Reliance#reliedOn()}
 * @param droppedAt  when it was dropped, or null
 * @param droppedBy  who dropped it, or null
 */
public record SyncTriggerView(String name, String table, SyncTriggerState state, String summary, boolean reliedOn,
                              Duration quietPeriod, Instant droppedAt, String droppedBy) {
    /** Every trigger of run {@code runId} as of now (see {@link RelianceReader#ofRun}); writes nothing. */
    public static java.util.List<SyncTriggerView> ofRun(java.sql.Connection state, java.sql.Connection target, long runId)
            throws java.sql.SQLException {
        return new RelianceReader(new SyncTriggerStore()).ofRun(state, target, runId).stream().map(SyncTriggerView::of)
                .toList();
    }

    public static SyncTriggerView of(Reliance r) {
        SyncTrigger t = r.trigger();
        return new SyncTriggerView(t.name(), t.table().display(), t.state(), r.describe(), r.reliedOn(), t.quietPeriod(),
                t.droppedAt(), t.droppedBy());
    }
}
