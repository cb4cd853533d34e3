package io.pgshift.lint.rules;

import io.pgshift.lint.Severity;
import io.pgshift.lint.sql.Danger;
import io.pgshift.lint.sql.RawSqlClassifier;
import io.pgshift.lint.sql.SqlEffect;
import io.pgshift.lint.sql.StatementType;

/** {@code raw-sql-unrecognised}: raw SQL whose locks pgshift cannot tell. */
public final class RawSqlUnrecognisedRule extends RawSqlRule {
    public RawSqlUnrecognisedRule(RawSqlClassifier classifier) {
        super(classifier, "raw-sql-unrecognised", Severity.INFO,
                "raw SQL pgshift does not recognise, so it cannot tell what it locks.");
    }

    @Override
    protected boolean appliesTo(SqlEffect effect) {
        return effect.has(Danger.UNRECOGNISED);
    }

    @Override
    protected String message(SqlEffect effect) {
        return effect.type() == StatementType.UNKNOWN
                ? "pgshift does not recognise this statement and cannot tell what it locks or how much it touches"
                : "pgshift does not recognise part of this " + effect.subject() + " and cannot tell what it locks";
    }

    @Override
    protected String hint(SqlEffect effect) {
        return "look up its lock level in the PostgreSQL manual; it runs under lock_timeout like every step";
    }
}
