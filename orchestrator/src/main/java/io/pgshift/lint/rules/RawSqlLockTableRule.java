package io.pgshift.lint.rules;

import io.pgshift.lint.Severity;
import io.pgshift.lint.sql.Danger;
import io.pgshift.lint.sql.RawSqlClassifier;
import io.pgshift.lint.sql.SqlEffect;

/** {@code raw-sql-lock-table}: an explicit LOCK TABLE, which a one-statement step cannot use. */
public final class RawSqlLockTableRule extends RawSqlRule {
    public RawSqlLockTableRule(RawSqlClassifier classifier) {
        super(classifier, "raw-sql-lock-table", Severity.WARNING,
                "raw SQL that locks a table explicitly (LOCK TABLE).");
    }

    @Override
    protected boolean appliesTo(SqlEffect effect) {
        return effect.has(Danger.EXPLICIT_LOCK);
    }

    @Override
    protected String message(SqlEffect effect) {
        return effect.subject() + " holds its lock only until the step's transaction commits, right after it: it"
                + " protects nothing, and while it waits for " + effect.lock().sqlName() + " it blocks "
                + effect.lock().blocks();
    }

    @Override
    protected String hint(SqlEffect effect) {
        return "remove it: every pgshift statement takes the lock it needs itself, under lock_timeout";
    }
}
