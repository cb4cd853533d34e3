package io.pgshift.lint.rules;

import io.pgshift.lint.Finding;
import io.pgshift.lint.LintRule;
import io.pgshift.lint.Severity;
import io.pgshift.playbook.Backfill;
import io.pgshift.playbook.Playbook;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code backfill-from-without-keep-in-sync}: a backfill copies values {@code from} another table
 * without {@code keep_in_sync}. A copy is only as good as the rows it reaches: a target row the
 * application inserts, or points at another source row, after the batches passed it keeps no value
 * or the old one, and nothing says so until someone reads it. Changes of the source itself are
 * never propagated, trigger or not; the docs say so.
 */
public final class BackfillFromWithoutKeepInSyncRule implements LintRule {
    @Override
    public String id() {
        return "backfill-from-without-keep-in-sync";
    }

    @Override
    public Severity severity() {
        return Severity.WARNING;
    }

    @Override
    public String description() {
        return "a backfill copies values from another table without keep_in_sync.";
    }

    @Override
    public List<Finding> check(Playbook playbook) {
        List<Finding> findings = new ArrayList<>();
        for (int i = 0; i < playbook.backfill().size(); i++) {
            Backfill b = playbook.backfill().get(i);
            if (b.from() == null || b.keepInSync()) {
                continue;
            }
            String columns = String.join(", ", b.set().keySet());
            findings.add(finding(playbook, Paths.backfill(i, "from"),
                    "backfill[" + i + "] copies " + columns + " into " + b.table() + " from " + b.from().table()
                            + " without keep_in_sync: " + b.table() + " rows written while the batches run (inserted,"
                            + " or matched to another " + b.from().table() + " row) keep no value or a stale one",
                    "set keep_in_sync: true (a trigger reads the matching " + b.from().table() + " row for rows written"
                            + " meanwhile); later changes of " + b.from().table() + " itself are never copied"));
        }
        return findings;
    }
}
