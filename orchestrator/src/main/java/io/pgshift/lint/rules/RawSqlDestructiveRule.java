package io.pgshift.lint.rules;

import io.pgshift.lint.Severity;
import io.pgshift.lint.sql.Danger;
import io.pgshift.lint.sql.RawSqlClassifier;
import io.pgshift.lint.sql.SqlEffect;

/** {@code raw-sql-destructive}: raw SQL that drops or truncates (expand should only add). */
public final class RawSqlDestructiveRule extends RawSqlRule {
    public RawSqlDestructiveRule(RawSqlClassifier classifier) {
        super(classifier, "raw-sql-destructive", Severity.WARNING,
                "raw SQL that drops or truncates (expand should only add).");
    }

    @Override
    protected boolean appliesTo(SqlEffect effect) {
        return effect.has(Danger.DATA_LOSS);
    }

    @Override
    protected String message(SqlEffect effect) {
        return effect.subject() + " removes data or structure the running application may still use; expand "
                + "is meant to be additive";
    }

    @Override
    protected String hint(SqlEffect effect) {
        return "drop old columns and tables in a later playbook, once no deployed code uses them";
    }
}
