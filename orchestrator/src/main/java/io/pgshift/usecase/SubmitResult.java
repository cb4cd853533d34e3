package io.pgshift.usecase;

import io.pgshift.run.RunRecord;
import io.pgshift.run.RunState;
import io.pgshift.run.Submission;
import java.util.List;

/**
 * What {@link SubmitPlaybook} did.
 *
 * @param outcome   a new run, an unfinished one resumed, the playbook already applied, or applied and
 *                  then partly lost by its target
 * @param found     the run as the submission found (or created) it, before it was resumed or started
 * @param run       the run as it is now: resumed, waiting for approval, or as found
 * @param lostSteps when reopened: the steps the target lost ({@code ORDINAL PATH}), else none
 */
public record SubmitResult(Submission.Outcome outcome, RunRecord found, RunRecord run, List<String> lostSteps) {
    public SubmitResult {
        lostSteps = List.copyOf(lostSteps);
    }

    /** A resubmitted run held before contract, left as it is ({@link SubmitRequest.HeldRun#LEAVE}). */
    public boolean held() {
        return outcome == Submission.Outcome.RESUMED && run.state() == RunState.AWAITING_CONTRACT;
    }
}
