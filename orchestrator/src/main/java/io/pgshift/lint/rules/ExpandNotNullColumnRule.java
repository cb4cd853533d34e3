package io.pgshift.lint.rules;

import io.pgshift.lint.Finding;
import io.pgshift.lint.LintRule;
import io.pgshift.lint.Severity;
import io.pgshift.playbook.AddColumn;
import io.pgshift.playbook.Playbook;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code expand-not-null-column}: add_column with {@code not_null: true}. Existing writers do not
 * know the column and would insert NULL; tightening belongs in contract, after the gate.
 */
public final class ExpandNotNullColumnRule implements LintRule {
    @Override
    public String id() {
        return "expand-not-null-column";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    @Override
    public String description() {
        return "add_column with not_null: true (columns are added nullable; tighten in contract).";
    }

    @Override
    public List<Finding> check(Playbook playbook) {
        List<Finding> findings = new ArrayList<>();
        for (int i = 0; i < playbook.expand().size(); i++) {
            if (playbook.expand().get(i) instanceof AddColumn add && add.notNull()) {
                findings.add(finding(playbook, Paths.expand(i, add.kind()),
                        add.table() + "." + add.column() + " is added NOT NULL: the running application does not "
                                + "write it yet, so its inserts would fail",
                        "add it nullable, fill it with a backfill, then set_not_null: {table: " + add.table()
                                + ", column: " + add.column() + "} in contract"));
            }
        }
        return findings;
    }
}
