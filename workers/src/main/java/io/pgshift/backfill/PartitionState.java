package io.pgshift.backfill;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The life of one partition. THROTTLED and WAITING_FOR_WINDOW are pauses the worker takes by
 * itself (its reason is in {@code paused_reason}); PAUSED is an operator's.
 */
public enum PartitionState {
    PENDING, RUNNING, THROTTLED, WAITING_FOR_WINDOW, PAUSED, DONE, FAILED, CANCELLED;

    private static final Map<PartitionState, Set<PartitionState>> NEXT = Map.of(
            PENDING, EnumSet.of(RUNNING, WAITING_FOR_WINDOW, PAUSED, CANCELLED),
            // RUNNING -> RUNNING: a job recovered after its node died takes the partition over
            RUNNING, EnumSet.of(RUNNING, THROTTLED, WAITING_FOR_WINDOW, PAUSED, DONE, FAILED, CANCELLED),
            THROTTLED, EnumSet.of(RUNNING, THROTTLED, WAITING_FOR_WINDOW, PAUSED, FAILED, CANCELLED),
            WAITING_FOR_WINDOW, EnumSet.of(RUNNING, PAUSED, CANCELLED),
            PAUSED, EnumSet.of(PENDING, CANCELLED),
            FAILED, EnumSet.of(PENDING, CANCELLED),
            DONE, EnumSet.noneOf(PartitionState.class),
            CANCELLED, EnumSet.noneOf(PartitionState.class));

    public boolean canMoveTo(PartitionState next) {
        return NEXT.get(this).contains(next);
    }

    public boolean isTerminal() {
        return NEXT.get(this).isEmpty();
    }

    /** States in which a partition job may (still) run batches. */
    public boolean isRunnable() {
        return this == PENDING || this == RUNNING || this == THROTTLED || this == WAITING_FOR_WINDOW;
    }

    public PartitionState moveTo(PartitionState next) {
        if (!canMoveTo(next)) {
            throw new IllegalStateTransitionException("partition", name(), next.name());
        }
        return next;
    }
}
