package io.pgshift.lint.rules;

import io.pgshift.lint.Finding;
import io.pgshift.lint.LintRule;
import io.pgshift.lint.Severity;
import io.pgshift.playbook.Playbook;
import io.pgshift.playbook.SetNotNull;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code contract-uncovered-column}: set_not_null on a column this playbook adds, with neither a
 * default nor a backfill that sets it. Every existing row is NULL, so the gate is certain to stop
 * the run.
 */
public final class ContractUncoveredColumnRule implements LintRule {
    @Override
    public String id() {
        return "contract-uncovered-column";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    @Override
    public String description() {
        return "set_not_null on a column the playbook adds but neither a default nor a backfill fills.";
    }

    @Override
    public List<Finding> check(Playbook playbook) {
        List<Finding> findings = new ArrayList<>();
        for (ColumnFacts.Tightened t : ColumnFacts.tightened(playbook)) {
            SetNotNull s = t.step();
            ColumnFacts facts = t.facts();
            if (facts.addedHere() && !facts.defaultFillsRows() && facts.backfills().isEmpty()) {
                findings.add(finding(playbook, Paths.contract(t.index(), s.kind()),
                        s.table() + "." + s.column() + " is added by expand[" + facts.addIndex() + "] without a "
                                + "default and no backfill sets it: every existing row is NULL, so the gate "
                                + "will stop the run before set_not_null",
                        "add a backfill with set: {" + s.column() + ": <expression>} on " + s.table()
                                + ", or give the add_column a default"));
            }
        }
        return findings;
    }
}
