package io.pgshift.lint.rules;

import io.pgshift.lint.Finding;
import io.pgshift.lint.LintRule;
import io.pgshift.lint.Severity;
import io.pgshift.playbook.Playbook;
import java.util.List;

/**
 * {@code contract-drop-still-used}: a drop_column or drop_table of what another step of the same
 * playbook uses. A keep_in_sync trigger is the worst case: it reads every column of its table and
 * is kept after contract, so once any column of it is dropped every INSERT and UPDATE fails.
 */
public final class ContractDropStillUsedRule implements LintRule {
    @Override
    public String id() {
        return "contract-drop-still-used";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    @Override
    public String description() {
        return "drop_column or drop_table of what another step of the same playbook (or its sync trigger) uses.";
    }

    @Override
    public List<Finding> check(Playbook playbook) {
        return DroppedUse.of(playbook).stream().map(u -> u.sync()
                ? finding(playbook, Paths.contract(u.index(), u.drop().kind()), "drops " + u.subject() + ", but "
                        + u.path() + " keeps " + u.drop().table() + " in sync with a trigger that reads every column"
                        + " of it and stays after contract: once the drop runs, every INSERT and UPDATE of "
                        + u.drop().table() + " fails", "drop it in a later playbook, after pgshift cleanup has dropped"
                        + " the sync trigger")
                : finding(playbook, Paths.contract(u.index(), u.drop().kind()), "drops " + u.subject() + ", which "
                        + u.path() + " " + u.use(), "drop it in a later playbook, once no step of this one and no"
                        + " deployed application version uses it (a drop_index or drop_constraint of what covers it"
                        + " may come first in the same contract)"))
                .toList();
    }
}
