package io.pgshift.lint.rules;

import io.pgshift.lint.Finding;
import io.pgshift.lint.LintRule;
import io.pgshift.lint.Severity;
import io.pgshift.playbook.Playbook;
import io.pgshift.playbook.SetNotNull;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code backfill-keep-in-sync-missing}: a backfill with {@code keep_in_sync: false} fills a
 * column that contract makes NOT NULL, and no add_column default covers new rows. The old
 * application keeps inserting NULLs while the backfill runs, and the gate then fails.
 */
public final class BackfillKeepInSyncMissingRule implements LintRule {
    @Override
    public String id() {
        return "backfill-keep-in-sync-missing";
    }

    @Override
    public Severity severity() {
        return Severity.WARNING;
    }

    @Override
    public String description() {
        return "a backfill without keep_in_sync fills a column that contract makes NOT NULL.";
    }

    @Override
    public List<Finding> check(Playbook playbook) {
        List<Finding> findings = new ArrayList<>();
        Set<String> reported = new LinkedHashSet<>();
        for (ColumnFacts.Tightened t : ColumnFacts.tightened(playbook)) {
            SetNotNull s = t.step();
            for (int b : t.facts().backfills()) {
                if (t.facts().defaultFillsRows() || playbook.backfill().get(b).keepInSync()
                        || !reported.add(b + "/" + s.column())) {
                    continue;
                }
                findings.add(finding(playbook, Paths.backfill(b, "keep_in_sync"),
                        "backfill[" + b + "] fills " + s.table() + "." + s.column() + " without keep_in_sync, and "
                                + "contract[" + t.index() + "] makes it NOT NULL: rows the old application writes "
                                + "during the backfill stay NULL and the gate will stop the run",
                        "set keep_in_sync: true (a trigger fills the column for rows written meanwhile)"));
            }
        }
        return findings;
    }
}
