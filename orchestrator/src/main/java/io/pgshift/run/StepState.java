package io.pgshift.run;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The life of one step. {@code RUNNING → RUNNING} is allowed: a driver that died mid-step leaves
 * it RUNNING, and the next driver starts it again (steps are idempotent). {@code SKIPPED} means
 * the step's guard found its effect already present. {@code SUCCEEDED → RUNNING} re-runs a
 * backfill step when the gate finds rows it left behind (written meanwhile without the sync trigger).
 * {@code ROLLED_BACK} is final for every ordinary move (no guarded update takes a step out of it);
 * only a target that lost the step's undo in a failover takes it back to SUCCEEDED, so that the
 * rollback undoes it again ({@link StepStore#undoLost}).
 */
public enum StepState {
    PENDING, RUNNING, SUCCEEDED, SKIPPED, FAILED, ROLLED_BACK;

    private static final Map<StepState, Set<StepState>> NEXT = Map.of(
            PENDING, EnumSet.of(RUNNING, SKIPPED),
            RUNNING, EnumSet.of(RUNNING, SUCCEEDED, SKIPPED, FAILED),
            FAILED, EnumSet.of(RUNNING, SKIPPED, ROLLED_BACK),
            SUCCEEDED, EnumSet.of(RUNNING, ROLLED_BACK),
            SKIPPED, EnumSet.of(ROLLED_BACK),
            ROLLED_BACK, EnumSet.noneOf(StepState.class));

    public boolean canMoveTo(StepState to) {
        return NEXT.get(this).contains(to);
    }

    /** The states from which a step may move to {@code to}, for the store's guarded UPDATE. */
    public static Set<StepState> allowedBefore(StepState to) {
        Set<StepState> from = EnumSet.noneOf(StepState.class);
        for (StepState s : values()) {
            if (s.canMoveTo(to)) {
                from.add(s);
            }
        }
        return from;
    }
}
