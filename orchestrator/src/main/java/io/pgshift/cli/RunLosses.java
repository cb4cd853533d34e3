package io.pgshift.cli;

import io.pgshift.run.LostStepsNote;
import io.pgshift.run.RunRecord;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the target has lost since of a run that ended (a failover to a standby behind it, the state
 * apart): the steps of a run that succeeded, the undo of a rolled-back one's steps, each as
 * {@code ORDINAL PATH}; and how {@code status} says so and what to do.
 */
record RunLosses(List<String> steps, List<String> undos) {
    static final RunLosses NONE = new RunLosses(List.of(), List.of());

    static RunLosses of(TargetLosses target, RunRecord run) throws SQLException {
        return new RunLosses(target.lost(run), target.lostUndos(run));
    }

    boolean any() {
        return !steps.isEmpty() || !undos.isEmpty();
    }

    /** One line per kind of loss: {@code lost: the target has lost ...; apply playbook P again to run them}. */
    List<String> lines(RunRecord run) {
        List<String> lines = new ArrayList<>();
        if (!steps.isEmpty()) {
            lines.add("lost: " + LostStepsNote.of(steps) + "; apply playbook " + run.playbookName() + " again to run them");
        }
        if (!undos.isEmpty()) {
            lines.add("lost: " + LostStepsNote.ofUndos(undos) + "; run pgshift rollback " + run.id() + " again to undo them");
        }
        return lines;
    }

    /** {@code lost_steps} and {@code lost_undos} in a run's JSON document, each only when there are. */
    void into(Map<String, Object> document) {
        if (!steps.isEmpty()) {
            document.put("lost_steps", steps);
        }
        if (!undos.isEmpty()) {
            document.put("lost_undos", undos);
        }
    }
}
