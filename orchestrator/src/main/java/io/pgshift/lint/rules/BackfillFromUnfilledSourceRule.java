package io.pgshift.lint.rules;

import io.pgshift.lint.Finding;
import io.pgshift.lint.LintRule;
import io.pgshift.lint.Severity;
import io.pgshift.playbook.Backfill;
import io.pgshift.playbook.Playbook;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code backfill-from-unfilled-source}: a backfill copies values {@code from} a table that a later
 * backfill of the same playbook fills. Backfills run one after the other, in order, so the copy
 * reads the source before its values are written, and a copied value is never refreshed.
 */
public final class BackfillFromUnfilledSourceRule implements LintRule {
    @Override
    public String id() {
        return "backfill-from-unfilled-source";
    }

    @Override
    public Severity severity() {
        return Severity.WARNING;
    }

    @Override
    public String description() {
        return "a backfill copies values from a table that a later backfill fills.";
    }

    @Override
    public List<Finding> check(Playbook playbook) {
        List<Finding> findings = new ArrayList<>();
        List<Backfill> backfills = playbook.backfill();
        for (int i = 0; i < backfills.size(); i++) {
            Backfill copy = backfills.get(i);
            if (copy.from() == null) {
                continue;
            }
            for (int j = i + 1; j < backfills.size(); j++) {
                Backfill fill = backfills.get(j);
                if (fill.table().equals(copy.from().table())) {
                    findings.add(finding(playbook, Paths.backfill(i, "from"),
                            "backfill[" + i + "] copies from " + fill.table() + " before backfill[" + j + "] fills its "
                                    + String.join(", ", fill.set().keySet()) + ": backfills run in order, so the copy"
                                    + " reads values not written yet and never sees them",
                            "move backfill[" + j + "] before backfill[" + i + "]"));
                    break;
                }
            }
        }
        return findings;
    }
}
