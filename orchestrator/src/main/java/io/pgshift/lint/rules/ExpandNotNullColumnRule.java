package io.pgshift.lint.rules;

import io.pgshift.lint.Finding;
import io.pgshift.lint.LintRule;
import io.pgshift.lint.Severity;
import io.pgshift.lint.sql.SqlExpressions;
import io.pgshift.lint.sql.VolatileFunctions;
import io.pgshift.playbook.AddColumn;
import io.pgshift.playbook.Playbook;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code expand-not-null-column}: add_column with {@code not_null: true} and no default that fills
 * rows (none, or {@code NULL}). Existing rows would have no value, so PostgreSQL fails on the first
 * one (after locking the table), and on an empty table the running application's inserts, which
 * do not name the column, would fail instead. With a constant default the column is safe to add
 * NOT NULL: the default fills both. A volatile default is {@code expand-volatile-default}'s to refuse.
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
        return "add_column with not_null: true but no default (or a NULL one) to fill existing and new rows.";
    }

    @Override
    public List<Finding> check(Playbook playbook) {
        List<Finding> findings = new ArrayList<>();
        for (int i = 0; i < playbook.expand().size(); i++) {
            // A serial type carries its own nextval() default, which expand-volatile-default refuses.
            if (playbook.expand().get(i) instanceof AddColumn add && add.notNull() && !SqlExpressions.isNonNullDefault(add.defaultExpr())
                    && !VolatileFunctions.isSerialType(add.type())) {
                String why = add.defaultExpr() == null || add.defaultExpr().isBlank() ? "without a default"
                        : "with default " + add.defaultExpr().strip() + ", which fills nothing";
                findings.add(finding(playbook, Paths.expand(i, add.kind()),
                        add.table() + "." + add.column() + " is added NOT NULL " + why + ": existing rows have no "
                                + "value, and the running application, which does not write the column yet, inserts none",
                        "give it a constant default: not_null: true with a non-volatile default only changes the "
                                + "catalog (PostgreSQL 11+), and existing rows and the old application's inserts get "
                                + "the default; or add it nullable, fill it with a backfill, then set_not_null: {table: "
                                + add.table() + ", column: " + add.column() + "} in contract"));
            }
        }
        return findings;
    }
}
