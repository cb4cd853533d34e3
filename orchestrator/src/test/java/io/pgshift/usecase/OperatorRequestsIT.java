package io.pgshift.usecase;

import static io.pgshift.run.RunState.AWAITING_APPROVAL;
import static io.pgshift.run.RunState.AWAITING_CONTRACT;
import static io.pgshift.run.RunState.BACKFILLING;
import static io.pgshift.run.RunState.CONTRACTING;
import static io.pgshift.run.RunState.EXPANDING;
import static io.pgshift.run.RunState.FAILED;
import static io.pgshift.run.RunState.PAUSED;
import static io.pgshift.run.RunState.SUCCEEDED;
import static io.pgshift.run.RunState.VERIFYING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.error.ErrorCode;
import io.pgshift.run.AlreadyApprovedException;
import io.pgshift.run.IllegalTransitionException;
import io.pgshift.run.RunNotFoundException;
import io.pgshift.run.RunRecord;
import io.pgshift.run.RunState;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Pause, resume, cancel and approve as the CLI and the API call them, on real runs in PostgreSQL. */
@ExtendWith(PgDatabaseExtension.class)
class OperatorRequestsIT {
    private RecordingRunHost host;
    private LifecycleRuns runs;

    @BeforeEach
    void setUp(TestDatabase db) throws Exception {
        host = new RecordingRunHost(db);
        runs = new LifecycleRuns(db);
    }

    @Test
    void pauseMovesAWorkingRunToPausedAuditedWithItsActorAndStartsNoDriver() throws Exception {
        RunRecord run = runs.run("pause_working", EXPANDING, BACKFILLING);

        RunRecord paused = new PauseRun(host).pause(run.id(), "bob");

        assertEquals(PAUSED, paused.state());
        assertEquals(BACKFILLING, paused.phase());
        assertEquals(List.of("bob {\"from\": \"BACKFILLING\"}"), runs.audited(run.id(), "PAUSED"));
        assertEquals(List.of(), host.started());
    }

    @Test
    void pauseOfAFinishedOrPendingRunIsRefusedAndChangesNothing() throws Exception {
        RunRecord done = runs.run("pause_done", EXPANDING, BACKFILLING, VERIFYING, CONTRACTING, SUCCEEDED);
        RunRecord pending = runs.run("pause_pending");

        var refused = assertThrows(IllegalTransitionException.class, () -> new PauseRun(host).pause(done.id(), "bob"));
        assertThrows(IllegalTransitionException.class, () -> new PauseRun(host).pause(pending.id(), "bob"));

        assertEquals(ErrorCode.RUN_CONFLICT, refused.code());
        assertTrue(refused.getMessage().contains("is SUCCEEDED"), refused.getMessage());
        assertEquals(SUCCEEDED, runs.find(done.id()).state());
        assertEquals(List.of(), runs.audited(done.id(), "PAUSED"));
    }

    @Test
    void aRequestOnARunThatDoesNotExistIsNotFound() {
        assertThrows(RunNotFoundException.class, () -> new PauseRun(host).pause(999_999, "bob"));
        assertThrows(RunNotFoundException.class, () -> new ResumeRun(host).resume(999_999, "bob"));
        assertThrows(RunNotFoundException.class, () -> new CancelRun(host).cancel(999_999, "bob"));
        assertThrows(RunNotFoundException.class, () -> new ApproveRun(host).approve(999_999, "bob"));
    }

    @Test
    void resumeMovesAPausedRunBackToItsPhaseAndStartsItsDriver() throws Exception {
        RunRecord run = runs.run("resume_paused", EXPANDING, BACKFILLING, PAUSED);

        ResumeRun.Result result = new ResumeRun(host).resume(run.id(), "bob");

        assertEquals(BACKFILLING, result.run().state());
        assertTrue(result.driverStarted());
        assertEquals(List.of(run.id()), host.started());
        assertEquals(List.of("bob {\"to\": \"BACKFILLING\", \"from\": \"PAUSED\"}"), runs.audited(run.id(), "RESUMED"));
    }

    @Test
    void resumeOfAFailedRunIsARetryAuditedAsSuch() throws Exception {
        RunRecord run = runs.run("resume_failed", EXPANDING, FAILED);

        ResumeRun.Result result = new ResumeRun(host).resume(run.id(), "bob");

        assertEquals(EXPANDING, result.run().state());
        assertEquals(1, runs.audited(run.id(), "RETRIED").size());
        assertEquals(List.of(), runs.audited(run.id(), "RESUMED"));
    }

    @Test
    void resumeOfAFinishedRunChangesNothingAndStartsNoDriver() throws Exception {
        RunRecord run = runs.run("resume_done", EXPANDING, BACKFILLING, VERIFYING, CONTRACTING, SUCCEEDED);

        ResumeRun.Result result = new ResumeRun(host).resume(run.id(), "bob");

        assertEquals(SUCCEEDED, result.run().state());
        assertFalse(result.driverStarted());
        assertEquals(List.of(), host.started());
    }

    @Test
    void resumeOfARunHeldBeforeContractIsRefusedPointingAtComplete() throws Exception {
        RunRecord run = runs.run("resume_held", EXPANDING, BACKFILLING, VERIFYING, AWAITING_CONTRACT);

        var refused = assertThrows(IllegalTransitionException.class, () -> new ResumeRun(host).resume(run.id(), "bob"));

        assertTrue(refused.getMessage().contains("pgshift complete " + run.id()), refused.getMessage());
        assertEquals(AWAITING_CONTRACT, runs.find(run.id()).state());
        assertEquals(List.of(), host.started());
    }

    @Test
    void cancelEndsARunBeforeContractWithItsActorAsTheReason() throws Exception {
        RunRecord run = runs.run("cancel_pending");

        RunRecord cancelled = new CancelRun(host).cancel(run.id(), "bob");

        assertEquals(RunState.CANCELLED, cancelled.state());
        assertEquals("cancelled by bob", cancelled.error());
        assertEquals(List.of("bob {\"from\": \"PENDING\"}"), runs.audited(run.id(), "CANCELLED"));
    }

    @Test
    void cancelOnceContractHasStartedIsRefused() throws Exception {
        RunRecord contracting = runs.run("cancel_contracting", EXPANDING, BACKFILLING, VERIFYING, CONTRACTING);
        RunRecord pausedThere = runs.run("cancel_paused_contract", EXPANDING, BACKFILLING, VERIFYING, CONTRACTING, PAUSED);

        assertThrows(IllegalTransitionException.class, () -> new CancelRun(host).cancel(contracting.id(), "bob"));
        var refused = assertThrows(IllegalTransitionException.class,
                () -> new CancelRun(host).cancel(pausedThere.id(), "bob"));

        assertTrue(refused.getMessage().contains("once contract has started"), refused.getMessage());
        assertEquals(CONTRACTING, runs.find(contracting.id()).state());
        assertEquals(PAUSED, runs.find(pausedThere.id()).state());
    }

    @Test
    void approvalByAnotherApproverIsRecordedAuditedAndStartsTheDriver() throws Exception {
        RunRecord run = runs.run("approve_once", AWAITING_APPROVAL);

        RunRecord approved = new ApproveRun(host).approve(run.id(), "carol");

        assertEquals("carol", approved.approvedBy());
        assertEquals(AWAITING_APPROVAL, approved.state(), "the driver makes the transition");
        assertEquals(List.of(run.id()), host.started());
        List<String> audited = runs.audited(run.id(), "APPROVED");
        assertEquals(1, audited.size());
        assertTrue(audited.get(0).startsWith("carol ") && audited.get(0).contains("\"submitted_by\": \"alice\""),
                audited.get(0));
    }

    @Test
    void aSecondApprovalIsRefusedNamingTheFirst() throws Exception {
        RunRecord run = runs.run("approve_twice", AWAITING_APPROVAL);
        new ApproveRun(host).approve(run.id(), "carol");

        var refused = assertThrows(AlreadyApprovedException.class, () -> new ApproveRun(host).approve(run.id(), "dave"));

        assertEquals("carol", refused.approvedBy());
        assertEquals("carol", runs.find(run.id()).approvedBy());
        assertEquals(1, runs.audited(run.id(), "APPROVED").size());
        assertEquals(List.of(run.id()), host.started(), "the refused approval starts nothing");
    }

    @Test
    void theSubmitterCannotApproveTheirOwnRun() throws Exception {
        RunRecord run = runs.run("approve_own", AWAITING_APPROVAL);

        var refused = assertThrows(SelfApprovalException.class,
                () -> new ApproveRun(host).approve(run.id(), LifecycleRuns.SUBMITTER));

        assertEquals("'alice' submitted run " + run.id() + " and cannot approve it: another approver must",
                refused.getMessage());
        assertEquals(null, runs.find(run.id()).approvedBy());
        assertEquals(List.of(), runs.audited(run.id(), "APPROVED"));
        assertEquals(List.of(), host.started());
    }

    @Test
    void approvalOfARunNotWaitingForOneIsRefused() throws Exception {
        RunRecord run = runs.run("approve_working", EXPANDING);

        assertThrows(IllegalTransitionException.class, () -> new ApproveRun(host).approve(run.id(), "carol"));
        assertEquals(List.of(), runs.audited(run.id(), "APPROVED"));
    }
}
