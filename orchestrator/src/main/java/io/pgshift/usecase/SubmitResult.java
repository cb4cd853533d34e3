package io.pgshift.usecase;

import io.pgshift.run.RunRecord;
import io.pgshift.run.RunState;
import io.pgshift.run.Submission;

/**
 * What {@link SubmitPlaybook} did.
 *
 * @param outcome a new run, an unfinished one resumed, or the playbook already applied
 * @param found   the run as the submission found (or created) it, before it was resumed or started
 * @param run     the run as it is now: resumed, waiting for approval, or as found
 */
public record SubmitResult(Submission.Outcome outcome, RunRecord found, RunRecord run) {
    /** A resubmitted run held before contract, left as it is ({@link SubmitRequest.HeldRun#LEAVE}). */
    public boolean held() {
        return outcome == Submission.Outcome.RESUMED && run.state() == RunState.AWAITING_CONTRACT;
    }
}
