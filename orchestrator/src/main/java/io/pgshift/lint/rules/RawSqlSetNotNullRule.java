package io.pgshift.lint.rules;

import io.pgshift.lint.Severity;
import io.pgshift.lint.sql.Danger;
import io.pgshift.lint.sql.RawSqlClassifier;
import io.pgshift.lint.sql.SqlEffect;

/** {@code raw-sql-set-not-null}: raw SQL that sets NOT NULL directly (full scan under ACCESS EXCLUSIVE). */
public final class RawSqlSetNotNullRule extends RawSqlRule {
    public RawSqlSetNotNullRule(RawSqlClassifier classifier) {
        super(classifier, "raw-sql-set-not-null", Severity.ERROR,
                "raw SQL that sets NOT NULL directly (full scan under ACCESS EXCLUSIVE).");
    }

    @Override
    protected boolean appliesTo(SqlEffect effect) {
        return effect.has(Danger.SET_NOT_NULL_SCAN);
    }

    @Override
    protected String message(SqlEffect effect) {
        return effect.subject() + " runs SET NOT NULL: the whole table is scanned under ACCESS EXCLUSIVE, "
                + "reads and writes wait throughout";
    }

    @Override
    protected String hint(SqlEffect effect) {
        return "use set_not_null in contract: pgshift validates a NOT VALID check under a weak lock first, "
                + "so SET NOT NULL skips the scan";
    }
}
