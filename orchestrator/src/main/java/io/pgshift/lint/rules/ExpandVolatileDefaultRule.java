package io.pgshift.lint.rules;

import io.pgshift.lint.Finding;
import io.pgshift.lint.LintRule;
import io.pgshift.lint.Severity;
import io.pgshift.lint.sql.VolatileFunctions;
import io.pgshift.playbook.AddColumn;
import io.pgshift.playbook.Playbook;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code expand-volatile-default}: add_column whose default is volatile (or whose type is serial).
 * Since PostgreSQL 11 a non-volatile default, {@code now()} included (it is STABLE), is stored once
 * in the catalog; a volatile one is evaluated per row, so the table is rewritten under ACCESS EXCLUSIVE.
 */
public final class ExpandVolatileDefaultRule implements LintRule {
    @Override
    public String id() {
        return "expand-volatile-default";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    @Override
    public String description() {
        return "add_column with a volatile default (clock_timestamp(), random(), gen_random_uuid(), nextval(), "
                + "serial types): a full table rewrite under ACCESS EXCLUSIVE.";
    }

    @Override
    public List<Finding> check(Playbook playbook) {
        List<Finding> findings = new ArrayList<>();
        for (int i = 0; i < playbook.expand().size(); i++) {
            if (playbook.expand().get(i) instanceof AddColumn add && rewrites(add)) {
                String cause = add.defaultExpr() != null && VolatileFunctions.isVolatile(add.defaultExpr())
                        ? "default " + add.defaultExpr() + " is volatile"
                        : "type " + add.type() + " implies a nextval() default";
                findings.add(finding(playbook, Paths.expand(i, add.kind()),
                        add.table() + "." + add.column() + ": " + cause + ", so adding the column rewrites the whole "
                                + "table under ACCESS EXCLUSIVE (reads and writes wait throughout)",
                        "add it without a default, set the value in a backfill, then set_default in contract"));
            }
        }
        return findings;
    }

    private static boolean rewrites(AddColumn add) {
        return VolatileFunctions.isSerialType(add.type())
                || (add.defaultExpr() != null && VolatileFunctions.isVolatile(add.defaultExpr()));
    }
}
