package io.pgshift.lint.rules;

import io.pgshift.lint.Finding;
import io.pgshift.lint.LintRule;
import io.pgshift.lint.Severity;
import io.pgshift.playbook.Playbook;
import io.pgshift.playbook.SetNotNull;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code contract-partial-backfill}: set_not_null on a column this playbook adds and fills only
 * through backfills with a {@code where} filter. Rows outside the filter stay NULL; the gate
 * fails unless there are none.
 */
public final class ContractPartialBackfillRule implements LintRule {
    @Override
    public String id() {
        return "contract-partial-backfill";
    }

    @Override
    public Severity severity() {
        return Severity.WARNING;
    }

    @Override
    public String description() {
        return "set_not_null on a column the playbook adds and fills only through filtered backfills.";
    }

    @Override
    public List<Finding> check(Playbook playbook) {
        List<Finding> findings = new ArrayList<>();
        for (ColumnFacts.Tightened t : ColumnFacts.tightened(playbook)) {
            SetNotNull s = t.step();
            ColumnFacts facts = t.facts();
            boolean onlyFiltered = !facts.backfills().isEmpty() && facts.backfills().stream()
                    .allMatch(b -> ColumnFacts.filtered(playbook.backfill().get(b)));
            if (facts.addedHere() && !facts.defaultFillsRows() && onlyFiltered) {
                String fillers = facts.backfills().stream().map(Paths::backfill)
                        .collect(Collectors.joining(", "));
                findings.add(finding(playbook, Paths.contract(t.index(), s.kind()),
                        s.table() + "." + s.column() + " is filled only by " + fillers + ", filtered by where: "
                                + "rows outside the filter stay NULL and the gate will stop the run if any exist",
                        "drop the where filter (use coalesce/CASE in set instead), add a backfill for the other "
                                + "rows, or give the add_column a default"));
            }
        }
        return findings;
    }
}
