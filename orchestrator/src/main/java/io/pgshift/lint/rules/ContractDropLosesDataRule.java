package io.pgshift.lint.rules;

import io.pgshift.lint.Finding;
import io.pgshift.lint.LintRule;
import io.pgshift.lint.Severity;
import io.pgshift.playbook.ContractStep;
import io.pgshift.playbook.DropColumn;
import io.pgshift.playbook.DropTable;
import io.pgshift.playbook.Playbook;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code contract-drop-loses-data}: drop_column and drop_table destroy data that no rollback
 * brings back. A warning, not an error: retiring a column or table is what contract is for, once
 * a backup exists and no running application version still uses it.
 */
public final class ContractDropLosesDataRule implements LintRule {
    @Override
    public String id() {
        return "contract-drop-loses-data";
    }

    @Override
    public Severity severity() {
        return Severity.WARNING;
    }

    @Override
    public String description() {
        return "drop_column or drop_table: its data is gone for good; a rollback does not bring it back.";
    }

    @Override
    public List<Finding> check(Playbook playbook) {
        List<Finding> findings = new ArrayList<>();
        for (int i = 0; i < playbook.contract().size(); i++) {
            ContractStep step = playbook.contract().get(i);
            String what = step instanceof DropColumn d ? d.table() + "." + d.column() + " and its value in every row"
                    : step instanceof DropTable t ? t.table() + " and every row of it" : null;
            if (what != null) {
                findings.add(finding(playbook, Paths.contract(i, step.kind()), "drops " + what
                                + ": no rollback brings it back, only a backup",
                        "take a backup first (pgshift backup, apply --backup-dir, or a target policy with"
                                + " backup_required), and let contract run only once no deployed application version"
                                + " reads or writes it (settings.hold_before_contract holds the run until then)"));
            }
        }
        return findings;
    }
}
