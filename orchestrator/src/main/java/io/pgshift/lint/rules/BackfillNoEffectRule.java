package io.pgshift.lint.rules;

import io.pgshift.lint.Finding;
import io.pgshift.lint.LintRule;
import io.pgshift.lint.Severity;
import io.pgshift.lint.sql.SqlExpressions;
import io.pgshift.playbook.Backfill;
import io.pgshift.playbook.Playbook;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code backfill-no-effect}: a backfill that sets a column to itself, or whose where filter
 * matches no row. Either way it walks (and, for self-assignments, rewrites) the table for nothing.
 */
public final class BackfillNoEffectRule implements LintRule {
    @Override
    public String id() {
        return "backfill-no-effect";
    }

    @Override
    public Severity severity() {
        return Severity.WARNING;
    }

    @Override
    public String description() {
        return "a backfill that sets a column to itself, or whose where filter is always false.";
    }

    @Override
    public List<Finding> check(Playbook playbook) {
        List<Finding> findings = new ArrayList<>();
        for (int b = 0; b < playbook.backfill().size(); b++) {
            Backfill backfill = playbook.backfill().get(b);
            for (Map.Entry<String, String> set : backfill.set().entrySet()) {
                if (SqlExpressions.isColumnReference(set.getValue(), set.getKey())) {
                    findings.add(finding(playbook, Paths.backfill(b, "set." + set.getKey()),
                            "sets " + backfill.table() + "." + set.getKey() + " to itself: every row is written "
                                    + "and nothing changes",
                            "set the column to the value it should get, or remove it from set"));
                }
            }
            if (backfill.where() != null && SqlExpressions.isAlwaysFalse(backfill.where())) {
                findings.add(finding(playbook, Paths.backfill(b, "where"),
                        "where: " + backfill.where().strip() + " matches no row: the backfill does nothing",
                        "fix the filter, or remove the backfill"));
            }
        }
        return findings;
    }
}
