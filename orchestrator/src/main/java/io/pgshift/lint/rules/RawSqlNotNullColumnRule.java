package io.pgshift.lint.rules;

import io.pgshift.lint.Severity;
import io.pgshift.lint.sql.Danger;
import io.pgshift.lint.sql.RawSqlClassifier;
import io.pgshift.lint.sql.SqlEffect;

/** {@code raw-sql-not-null-column}: raw SQL that adds a NOT NULL column without a default. */
public final class RawSqlNotNullColumnRule extends RawSqlRule {
    public RawSqlNotNullColumnRule(RawSqlClassifier classifier) {
        super(classifier, "raw-sql-not-null-column", Severity.ERROR,
                "raw SQL that adds a NOT NULL column without a default.");
    }

    @Override
    protected boolean appliesTo(SqlEffect effect) {
        return effect.has(Danger.NOT_NULL_WITHOUT_DEFAULT);
    }

    @Override
    protected String message(SqlEffect effect) {
        return effect.subject() + " adds a NOT NULL column without a DEFAULT: it fails on any table that has rows";
    }

    @Override
    protected String hint(SqlEffect effect) {
        return "use add_column (nullable), fill it with a backfill, then set_not_null in contract";
    }
}
