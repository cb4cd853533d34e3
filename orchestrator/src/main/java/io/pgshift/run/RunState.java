package io.pgshift.run;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The life of a run. The happy path is
 * {@code PENDING → (AWAITING_APPROVAL →) EXPANDING → BACKFILLING → VERIFYING (→ AWAITING_CONTRACT) → CONTRACTING
 * → SUCCEEDED}.
 *
 * <p>The four phase states and {@code ROLLING_BACK} are <em>working</em> states: a driver is
 * executing steps. The run's {@code phase} column remembers the last working state entered, so
 * {@code PAUSED} and {@code FAILED} go back exactly there ({@link #mayResumeTo}); a failed gate
 * is {@code FAILED} in phase {@code VERIFYING} with a gate report. {@code VERIFYING →
 * BACKFILLING} re-backfills rows the gate found still NULL. A run that has not started yet
 * changed nothing, so it can only be cancelled; checks that fail at start (preflight) fail the
 * run in {@code EXPANDING}, which is therefore always the phase of a {@code FAILED} run or later.
 *
 * <p>{@code AWAITING_CONTRACT} is a hold asked for at submission ({@code hold_before_contract}): the
 * gate passed and nothing is tightened yet, so the application's new version can be deployed while
 * the old one still runs; {@code pgshift complete} moves it on to {@code CONTRACTING}. Like
 * {@code AWAITING_APPROVAL} it is neither working (no driver runs) nor halted (resume does not
 * apply): it waits for an operator's decision.
 *
 * <p>{@code SUCCEEDED}, {@code CANCELLED} and {@code ROLLED_BACK} are terminal: the run releases
 * its tables; the first two can still be rolled back ({@code → ROLLING_BACK} claims them again). {@code FAILED} is not terminal: the schema is half changed, the run keeps its
 * tables until it is retried, rolled back or cancelled.
 */
public enum RunState {
    PENDING, AWAITING_APPROVAL, EXPANDING, BACKFILLING, VERIFYING, AWAITING_CONTRACT, CONTRACTING, SUCCEEDED,
    PAUSED, FAILED, CANCELLED, ROLLING_BACK, ROLLED_BACK;

    private static final Set<RunState> WORKING = EnumSet.of(EXPANDING, BACKFILLING, VERIFYING, CONTRACTING, ROLLING_BACK);
    private static final Set<RunState> PHASES = EnumSet.of(EXPANDING, BACKFILLING, VERIFYING, CONTRACTING);

    // Contracting cannot be cancelled midway: its constraints are taken one by one, so stopping
    // there leaves a half-tightened schema; pause it, or let it fail and roll back instead.
    private static final Map<RunState, Set<RunState>> NEXT = Map.ofEntries(
            Map.entry(PENDING, EnumSet.of(AWAITING_APPROVAL, EXPANDING, CANCELLED)),
            Map.entry(AWAITING_APPROVAL, EnumSet.of(EXPANDING, CANCELLED)),
            Map.entry(EXPANDING, EnumSet.of(BACKFILLING, PAUSED, FAILED, CANCELLED)),
            Map.entry(BACKFILLING, EnumSet.of(VERIFYING, PAUSED, FAILED, CANCELLED)),
            Map.entry(VERIFYING, EnumSet.of(CONTRACTING, AWAITING_CONTRACT, BACKFILLING, PAUSED, FAILED, CANCELLED)),
            // nothing is tightened yet: it may still be cancelled or rolled back instead of completed
            Map.entry(AWAITING_CONTRACT, EnumSet.of(CONTRACTING, CANCELLED, ROLLING_BACK)),
            Map.entry(CONTRACTING, EnumSet.of(SUCCEEDED, PAUSED, FAILED)),
            Map.entry(PAUSED, EnumSet.of(EXPANDING, BACKFILLING, VERIFYING, CONTRACTING, CANCELLED, ROLLING_BACK)),
            Map.entry(FAILED, EnumSet.of(EXPANDING, BACKFILLING, VERIFYING, CONTRACTING, ROLLING_BACK, CANCELLED)),
            Map.entry(ROLLING_BACK, EnumSet.of(ROLLED_BACK, PAUSED, FAILED)),
            Map.entry(SUCCEEDED, EnumSet.of(ROLLING_BACK)),
            Map.entry(CANCELLED, EnumSet.of(ROLLING_BACK)),
            Map.entry(ROLLED_BACK, EnumSet.noneOf(RunState.class)));

    /** The states this one may move to, whatever the run's phase. */
    public Set<RunState> next() {
        return Set.copyOf(NEXT.get(this));
    }

    public boolean canMoveTo(RunState to) {
        return NEXT.get(this).contains(to);
    }

    /**
     * Whether a run in this state whose last working state was {@code phase} may move to
     * {@code to}: leaving {@code PAUSED} or {@code FAILED} for a working state must return to
     * {@code phase} (a rollback may always start).
     */
    public boolean mayResumeTo(RunState to, RunState phase) {
        if (!canMoveTo(to)) {
            return false;
        }
        if (isHalted() && to.isWorking() && to != ROLLING_BACK) {
            return to == phase;
        }
        return true;
    }

    /**
     * Ends the run and releases its tables. A SUCCEEDED or CANCELLED run may still be rolled
     * back, which claims its tables again.
     */
    public boolean isTerminal() {
        return this == SUCCEEDED || this == CANCELLED || this == ROLLED_BACK;
    }

    /** A driver executes steps in this state; entering it records it as the run's phase. */
    public boolean isWorking() {
        return WORKING.contains(this);
    }

    /** One of the four forward phases. */
    public boolean isPhase() {
        return PHASES.contains(this);
    }

    /**
     * Whether a run working in this phase, or one that succeeded, may go back to the earlier phase
     * {@code to}, or a rolled-back one to ROLLING_BACK: only when its target lost steps of that
     * phase, or their undo, in a failover (they run again there), never as an ordinary move, which
     * {@link #canMoveTo} keeps forward.
     */
    public boolean mayReturnTo(RunState to) {
        if (this == ROLLED_BACK) {
            return to == ROLLING_BACK;
        }
        // the constants list the phases in the order a run goes through them, SUCCEEDED after them
        return (isPhase() || this == SUCCEEDED) && to.isPhase() && to.ordinal() < ordinal();
    }

    /** Stopped but resumable: waits for an operator (resume, retry, roll back, cancel). */
    public boolean isHalted() {
        return this == PAUSED || this == FAILED;
    }

    /** Waits for an operator's decision, with no driver running: an approval, or the completion of a hold. */
    public boolean awaitsOperator() {
        return this == AWAITING_APPROVAL || this == AWAITING_CONTRACT;
    }

    /**
     * The states in which a driver should be carrying the run: a working phase, or started but not
     * yet expanding (an approved run awaiting approval too, which only its approval tells).
     */
    public static Set<RunState> driven() {
        return EnumSet.of(PENDING, EXPANDING, BACKFILLING, VERIFYING, CONTRACTING, ROLLING_BACK);
    }

    /** The terminal states after which the playbook's name may run again (nothing of it remains). */
    public static Set<RunState> discarded() {
        return EnumSet.of(CANCELLED, ROLLED_BACK);
    }
}
