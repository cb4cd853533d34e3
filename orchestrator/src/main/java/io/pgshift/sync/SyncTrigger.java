package io.pgshift.sync;

import io.pgshift.playbook.TableRef;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A {@code keep_in_sync} trigger a run installed, as {@code pgshift.sync_trigger} records it.
 *
 * @param stepOrdinal the run's step that put it in place
 * @param kind        a keep_in_sync trigger, a shadow trigger, or a view (then {@code name} is the view's)
 * @param columns     the columns it fills for writers that omit them
 * @param dropsColumn the old column cleanup drops with it (alter_column_type's, after the swap), or null
 * @param afterCleanup a statement cleanup runs after the drops (rename_column moves the default), or null
 * @param quietPeriod how long it must have filled nothing before cleanup drops it
 * @param evidence    the fill counter as last sampled
 */
public record SyncTrigger(long id, long runId, int stepOrdinal, RetainedKind kind, TableRef table, String name,
                          List<String> columns, FillCounter counter, String dropsColumn, String afterCleanup,
                          SyncTriggerState state, Duration quietPeriod, Instant installedAt,
                          Instant retainedAt, Instant droppedAt, String droppedBy, Evidence evidence) {
    public SyncTrigger {
        columns = List.copyOf(columns);
    }

    /**
     * The fill sequences' last sample: {@code filled} rows counted, the last of them at {@code
     * lastFillAt} (to the second; null before the first), as read at {@code sampledAt}.
     */
    public record Evidence(long filled, Instant lastFillAt, Instant sampledAt) {
    }

    /** {@code public.orders.currency_code}, or the columns joined, for messages. */
    public String columnsDisplay() {
        return columns.stream().map(c -> table.display() + "." + c).reduce((a, b) -> a + ", " + b).orElse("");
    }
}
