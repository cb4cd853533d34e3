package io.pgshift.lint.rules;

import io.pgshift.lint.Severity;
import io.pgshift.lint.sql.Danger;
import io.pgshift.lint.sql.RawSqlClassifier;
import io.pgshift.lint.sql.SqlEffect;
import io.pgshift.lint.sql.StatementType;

/**
 * {@code raw-sql-destructive}: raw SQL that drops or truncates (expand should only add). DROP
 * DATABASE is {@code raw-sql-drop-database}, an error.
 */
public final class RawSqlDestructiveRule extends RawSqlRule {
    public RawSqlDestructiveRule(RawSqlClassifier classifier) {
        super(classifier, "raw-sql-destructive", Severity.WARNING,
                "raw SQL that drops or truncates (expand should only add).");
    }

    @Override
    protected boolean appliesTo(SqlEffect effect) {
        return effect.has(Danger.DATA_LOSS) && effect.type() != StatementType.DROP_DATABASE;
    }

    @Override
    protected String message(SqlEffect effect) {
        String cascade = effect.type() == StatementType.DROP_SCHEMA ? " (with CASCADE, every table in the schema)" : "";
        return effect.subject() + " removes data or structure the running application may still use" + cascade
                + "; expand is meant to be additive";
    }

    @Override
    protected String hint(SqlEffect effect) {
        return "drop old columns, tables and other objects in a later playbook, once no deployed code uses them";
    }
}
