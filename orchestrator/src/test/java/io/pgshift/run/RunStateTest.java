package io.pgshift.run;

import static io.pgshift.run.RunState.AWAITING_APPROVAL;
import static io.pgshift.run.RunState.AWAITING_CONTRACT;
import static io.pgshift.run.RunState.BACKFILLING;
import static io.pgshift.run.RunState.CANCELLED;
import static io.pgshift.run.RunState.CONTRACTING;
import static io.pgshift.run.RunState.EXPANDING;
import static io.pgshift.run.RunState.FAILED;
import static io.pgshift.run.RunState.PAUSED;
import static io.pgshift.run.RunState.PENDING;
import static io.pgshift.run.RunState.ROLLED_BACK;
import static io.pgshift.run.RunState.ROLLING_BACK;
import static io.pgshift.run.RunState.SUCCEEDED;
import static io.pgshift.run.RunState.VERIFYING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RunStateTest {
    /** The whole table, written out once more: a change to RunState must change this test too. */
    private static final Map<RunState, Set<RunState>> EXPECTED = Map.ofEntries(
            Map.entry(PENDING, Set.of(AWAITING_APPROVAL, EXPANDING, CANCELLED)),
            Map.entry(AWAITING_APPROVAL, Set.of(EXPANDING, CANCELLED)),
            Map.entry(EXPANDING, Set.of(BACKFILLING, PAUSED, FAILED, CANCELLED)),
            Map.entry(BACKFILLING, Set.of(VERIFYING, PAUSED, FAILED, CANCELLED)),
            Map.entry(VERIFYING, Set.of(CONTRACTING, AWAITING_CONTRACT, BACKFILLING, PAUSED, FAILED, CANCELLED)),
            Map.entry(AWAITING_CONTRACT, Set.of(CONTRACTING, CANCELLED, ROLLING_BACK)),
            Map.entry(CONTRACTING, Set.of(SUCCEEDED, PAUSED, FAILED)),
            Map.entry(PAUSED, Set.of(EXPANDING, BACKFILLING, VERIFYING, CONTRACTING, CANCELLED, ROLLING_BACK)),
            Map.entry(FAILED, Set.of(EXPANDING, BACKFILLING, VERIFYING, CONTRACTING, ROLLING_BACK, CANCELLED)),
            Map.entry(ROLLING_BACK, Set.of(ROLLED_BACK, PAUSED, FAILED)),
            Map.entry(SUCCEEDED, Set.of(ROLLING_BACK)),
            Map.entry(CANCELLED, Set.of(ROLLING_BACK)),
            Map.entry(ROLLED_BACK, Set.of()));

    @Test
    void everyPairIsAllowedExactlyAsTheTableSays() {
        for (RunState from : RunState.values()) {
            for (RunState to : RunState.values()) {
                assertEquals(EXPECTED.get(from).contains(to), from.canMoveTo(to), from + " -> " + to);
            }
            assertEquals(EXPECTED.get(from), from.next(), "next() of " + from);
        }
    }

    @Test
    void happyPathIsAllowedStepByStep() {
        RunState[] path = {PENDING, AWAITING_APPROVAL, EXPANDING, BACKFILLING, VERIFYING, CONTRACTING, SUCCEEDED};
        for (int i = 1; i < path.length; i++) {
            assertTrue(path[i - 1].canMoveTo(path[i]), path[i - 1] + " -> " + path[i]);
        }
    }

    @Test
    void aHoldBeforeContractIsLeftOnlyByAnOperator() {
        assertTrue(VERIFYING.canMoveTo(AWAITING_CONTRACT));
        assertTrue(AWAITING_CONTRACT.canMoveTo(CONTRACTING), "complete");
        assertFalse(AWAITING_CONTRACT.isWorking(), "no driver runs while held");
        assertFalse(AWAITING_CONTRACT.isHalted(), "resume does not apply: complete does");
        assertFalse(AWAITING_CONTRACT.isTerminal(), "the run keeps its tables while held");
        assertTrue(AWAITING_CONTRACT.awaitsOperator());
        assertFalse(AWAITING_CONTRACT.canMoveTo(SUCCEEDED), "contract cannot be skipped");
    }

    @Test
    void aPhaseReturnsToAnEarlierOneOnlyForStepsItsTargetLost() {
        assertTrue(BACKFILLING.mayReturnTo(EXPANDING));
        assertTrue(CONTRACTING.mayReturnTo(EXPANDING));
        assertTrue(CONTRACTING.mayReturnTo(BACKFILLING));
        assertTrue(VERIFYING.mayReturnTo(BACKFILLING));
        assertFalse(EXPANDING.mayReturnTo(EXPANDING), "the same phase is no return");
        assertFalse(VERIFYING.mayReturnTo(CONTRACTING), "forward is an ordinary move");
        assertFalse(PAUSED.mayReturnTo(EXPANDING), "a halted run resumes to its phase, as before");
        assertFalse(ROLLING_BACK.mayReturnTo(EXPANDING));
        assertFalse(AWAITING_CONTRACT.mayReturnTo(BACKFILLING), "a hold is no phase: it is completed first");
        assertFalse(CONTRACTING.canMoveTo(EXPANDING), "the ordinary table stays forward");
        assertTrue(SUCCEEDED.mayReturnTo(EXPANDING), "a failover may lose steps after the run ended");
        assertTrue(SUCCEEDED.mayReturnTo(CONTRACTING));
        assertFalse(SUCCEEDED.mayReturnTo(AWAITING_CONTRACT));
        assertFalse(CANCELLED.mayReturnTo(EXPANDING), "only a run that succeeded is applied again");
        assertFalse(ROLLED_BACK.mayReturnTo(EXPANDING));
        assertTrue(ROLLED_BACK.mayReturnTo(ROLLING_BACK), "a failover may lose a rollback's undo after it ended");
        assertFalse(ROLLED_BACK.canMoveTo(ROLLING_BACK), "never as an ordinary move");
        assertFalse(SUCCEEDED.mayReturnTo(ROLLING_BACK), "rolling back is asked for, not returned to");
        assertFalse(CANCELLED.mayReturnTo(ROLLING_BACK));
    }

    @Test
    void phasesCannotBeSkippedOrReversed() {
        assertFalse(PENDING.canMoveTo(CONTRACTING));
        assertFalse(EXPANDING.canMoveTo(VERIFYING));
        assertFalse(BACKFILLING.canMoveTo(EXPANDING));
        assertFalse(CONTRACTING.canMoveTo(VERIFYING));
        assertFalse(AWAITING_APPROVAL.canMoveTo(FAILED));
    }

    @Test
    void terminalStatesReleaseTablesAndOnlyRollbackLeavesThem() {
        assertEquals(EnumSet.of(SUCCEEDED, CANCELLED, ROLLED_BACK),
                EnumSet.copyOf(java.util.Arrays.stream(RunState.values()).filter(RunState::isTerminal).toList()));
        assertFalse(FAILED.isTerminal(), "a failed run still holds its tables until retried or rolled back");
        assertTrue(SUCCEEDED.canMoveTo(ROLLING_BACK), "a succeeded change can still be rolled back");
        assertFalse(SUCCEEDED.canMoveTo(EXPANDING));
        assertTrue(ROLLED_BACK.next().isEmpty());
    }

    @Test
    void contractingCannotBeCancelledHalfway() {
        assertFalse(CONTRACTING.canMoveTo(CANCELLED));
        assertTrue(CONTRACTING.canMoveTo(PAUSED));
    }

    @Test
    void pausedAndFailedRunsResumeOnlyToTheirPhase() {
        assertTrue(PAUSED.mayResumeTo(BACKFILLING, BACKFILLING));
        assertFalse(PAUSED.mayResumeTo(EXPANDING, BACKFILLING));
        assertFalse(PAUSED.mayResumeTo(CONTRACTING, BACKFILLING));
        assertTrue(FAILED.mayResumeTo(VERIFYING, VERIFYING), "a failed gate is retried in VERIFYING");
        assertFalse(FAILED.mayResumeTo(CONTRACTING, VERIFYING), "a failed gate never skips to contracting");
        assertFalse(FAILED.mayResumeTo(EXPANDING, ROLLING_BACK), "a failed rollback is not resumed forwards");
        assertTrue(FAILED.mayResumeTo(ROLLING_BACK, ROLLING_BACK));
    }

    @Test
    void rollbackAndCancelMayStartFromAnyHaltedPhase() {
        for (RunState phase : EnumSet.of(EXPANDING, BACKFILLING, VERIFYING, CONTRACTING)) {
            assertTrue(PAUSED.mayResumeTo(ROLLING_BACK, phase), "rollback from paused " + phase);
            assertTrue(FAILED.mayResumeTo(ROLLING_BACK, phase), "rollback from failed " + phase);
            assertTrue(FAILED.mayResumeTo(CANCELLED, phase), "cancel from failed " + phase);
        }
    }

    @Test
    void workingStatesAreThePhasesAndRollingBack() {
        assertEquals(EnumSet.of(EXPANDING, BACKFILLING, VERIFYING, CONTRACTING, ROLLING_BACK),
                EnumSet.copyOf(java.util.Arrays.stream(RunState.values()).filter(RunState::isWorking).toList()));
    }

    @Test
    void stepStatesFollowTheirTable() {
        assertTrue(StepState.PENDING.canMoveTo(StepState.RUNNING));
        assertTrue(StepState.RUNNING.canMoveTo(StepState.RUNNING), "a step whose driver died is started again");
        assertTrue(StepState.FAILED.canMoveTo(StepState.RUNNING), "a failed step is retried");
        assertTrue(StepState.SUCCEEDED.canMoveTo(StepState.ROLLED_BACK));
        assertFalse(StepState.PENDING.canMoveTo(StepState.SUCCEEDED), "a step succeeds only after running");
        assertTrue(StepState.SUCCEEDED.canMoveTo(StepState.RUNNING), "a backfill re-runs on gate leftovers");
        assertFalse(StepState.ROLLED_BACK.canMoveTo(StepState.RUNNING));
        assertEquals(EnumSet.of(StepState.PENDING, StepState.RUNNING, StepState.FAILED, StepState.SUCCEEDED),
                StepState.allowedBefore(StepState.RUNNING));
    }
}
