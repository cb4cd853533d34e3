package io.pgshift.lint.rules;

import io.pgshift.lint.Severity;
import io.pgshift.lint.sql.Danger;
import io.pgshift.lint.sql.RawSqlClassifier;
import io.pgshift.lint.sql.SqlEffect;

/** {@code raw-sql-column-type-change}: raw SQL that changes a column type (ALTER COLUMN ... TYPE). */
public final class RawSqlColumnTypeChangeRule extends RawSqlRule {
    public RawSqlColumnTypeChangeRule(RawSqlClassifier classifier) {
        super(classifier, "raw-sql-column-type-change", Severity.ERROR,
                "raw SQL that changes a column type (ALTER COLUMN ... TYPE).");
    }

    @Override
    protected boolean appliesTo(SqlEffect effect) {
        return effect.has(Danger.COLUMN_TYPE_CHANGE);
    }

    @Override
    protected String message(SqlEffect effect) {
        return effect.subject() + " changes a column type: the table and its indexes are rewritten under "
                + "ACCESS EXCLUSIVE, reads and writes wait throughout";
    }

    @Override
    protected String hint(SqlEffect effect) {
        return "add a new column of the new type (add_column), fill it with a backfill with keep_in_sync: "
                + "true, and move the application over to it";
    }
}
