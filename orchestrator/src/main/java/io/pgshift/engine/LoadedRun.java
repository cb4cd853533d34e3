package io.pgshift.engine;

import io.pgshift.plan.Plan;
import io.pgshift.plan.PlannedStep;
import io.pgshift.playbook.Playbook;
import io.pgshift.run.RunRecord;
import java.util.List;

/** A run with its playbook (re-parsed from the stored YAML) and its plan against the live catalog. */
record LoadedRun(RunRecord run, Playbook playbook, Plan plan) {
    long id() {
        return run.id();
    }

    List<PlannedStep> steps(io.pgshift.plan.Phase phase) {
        return plan.phase(phase);
    }
}
