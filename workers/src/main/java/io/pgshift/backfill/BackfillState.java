package io.pgshift.backfill;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** The life of a whole backfill; the CHECK constraint on {@code pgshift.backfill.state} lists the same values. */
public enum BackfillState {
    PENDING, RUNNING, PAUSED, SUCCEEDED, FAILED, CANCELLED;

    private static final Map<BackfillState, Set<BackfillState>> NEXT = Map.of(
            PENDING, EnumSet.of(RUNNING, PAUSED, CANCELLED),
            RUNNING, EnumSet.of(PAUSED, SUCCEEDED, FAILED, CANCELLED),
            PAUSED, EnumSet.of(RUNNING, CANCELLED),
            // an operator may retry a failed backfill: its failed partitions start again from their checkpoint
            FAILED, EnumSet.of(RUNNING, CANCELLED),
            SUCCEEDED, EnumSet.noneOf(BackfillState.class),
            CANCELLED, EnumSet.noneOf(BackfillState.class));

    public boolean canMoveTo(BackfillState next) {
        return NEXT.get(this).contains(next);
    }

    public boolean isTerminal() {
        return NEXT.get(this).isEmpty();
    }

    /** Throws {@link IllegalStateTransitionException} when the move is not in the table. */
    public BackfillState moveTo(BackfillState next) {
        if (!canMoveTo(next)) {
            throw new IllegalStateTransitionException("backfill", name(), next.name());
        }
        return next;
    }
}
