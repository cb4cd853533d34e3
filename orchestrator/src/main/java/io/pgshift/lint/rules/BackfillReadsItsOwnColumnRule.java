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
 * {@code backfill-reads-its-own-column}: one of a backfill's expressions reads another column the
 * same backfill sets ({@code set: {full_name: "first || ' ' || last", first: "initcap(first)"}}).
 * The batch's UPDATE computes every expression from the row as it was, so {@code full_name} gets
 * the old {@code first}; the sync trigger, on a row the application writes, computes from the
 * values that row is written with. Either way the result depends on an order nobody wrote down.
 */
public final class BackfillReadsItsOwnColumnRule implements LintRule {
    @Override
    public String id() {
        return "backfill-reads-its-own-column";
    }

    @Override
    public Severity severity() {
        return Severity.WARNING;
    }

    @Override
    public String description() {
        return "a backfill expression reads another column the same backfill sets: it gets that column's old value.";
    }

    @Override
    public List<Finding> check(Playbook playbook) {
        List<Finding> findings = new ArrayList<>();
        for (int b = 0; b < playbook.backfill().size(); b++) {
            Backfill backfill = playbook.backfill().get(b);
            for (Map.Entry<String, String> set : backfill.set().entrySet()) {
                for (String other : backfill.set().keySet()) {
                    if (!other.equals(set.getKey()) && SqlExpressions.mentionsColumn(set.getValue(), other)) {
                        findings.add(finding(playbook, Paths.backfill(b, "set." + set.getKey()),
                                "set." + set.getKey() + " reads " + other + ", which the same backfill sets: each row's "
                                        + set.getKey() + " is computed from " + other + " as it was before this backfill",
                                "write " + set.getKey() + "'s expression over the columns " + other
                                        + "'s expression reads, so both come from the same values"));
                    }
                }
            }
        }
        return findings;
    }
}
