package io.pgshift.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StateTransitionsTest {
    @Test
    void backfillRunsPausesAndFinishes() {
        assertEquals(BackfillState.RUNNING, BackfillState.PENDING.moveTo(BackfillState.RUNNING));
        assertTrue(BackfillState.RUNNING.canMoveTo(BackfillState.PAUSED));
        assertTrue(BackfillState.PAUSED.canMoveTo(BackfillState.RUNNING));
        assertTrue(BackfillState.FAILED.canMoveTo(BackfillState.RUNNING), "a failed backfill may be retried");
    }

    @Test
    void finishedBackfillsStayFinished() {
        for (BackfillState next : BackfillState.values()) {
            assertFalse(BackfillState.SUCCEEDED.canMoveTo(next));
            assertFalse(BackfillState.CANCELLED.canMoveTo(next));
        }
        var e = assertThrows(IllegalStateTransitionException.class, () -> BackfillState.CANCELLED.moveTo(BackfillState.RUNNING));
        assertEquals("a backfill in state CANCELLED cannot move to RUNNING", e.getMessage());
    }

    @Test
    void partitionWaitsAreLeftThroughRunning() {
        assertTrue(PartitionState.RUNNING.canMoveTo(PartitionState.THROTTLED));
        assertTrue(PartitionState.THROTTLED.canMoveTo(PartitionState.RUNNING));
        assertTrue(PartitionState.WAITING_FOR_WINDOW.canMoveTo(PartitionState.RUNNING));
        assertFalse(PartitionState.WAITING_FOR_WINDOW.canMoveTo(PartitionState.DONE));
        assertFalse(PartitionState.PAUSED.canMoveTo(PartitionState.RUNNING), "resume goes through PENDING and a new job");
        assertTrue(PartitionState.RUNNING.canMoveTo(PartitionState.RUNNING), "a recovered job takes over");
    }

    @Test
    void doneAndCancelledPartitionsAreTerminal() {
        assertTrue(PartitionState.DONE.isTerminal());
        assertTrue(PartitionState.CANCELLED.isTerminal());
        assertFalse(PartitionState.FAILED.isTerminal());
        assertThrows(IllegalStateTransitionException.class, () -> PartitionState.DONE.moveTo(PartitionState.RUNNING));
    }
}
