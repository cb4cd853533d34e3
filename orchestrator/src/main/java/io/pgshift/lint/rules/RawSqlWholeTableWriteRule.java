package io.pgshift.lint.rules;

import io.pgshift.lint.Severity;
import io.pgshift.lint.sql.Danger;
import io.pgshift.lint.sql.RawSqlClassifier;
import io.pgshift.lint.sql.SqlEffect;

/** {@code raw-sql-whole-table-write}: raw UPDATE or DELETE without WHERE (every row in one long transaction). */
public final class RawSqlWholeTableWriteRule extends RawSqlRule {
    public RawSqlWholeTableWriteRule(RawSqlClassifier classifier) {
        super(classifier, "raw-sql-whole-table-write", Severity.WARNING,
                "raw UPDATE or DELETE without WHERE (every row in one long transaction).");
    }

    @Override
    protected boolean appliesTo(SqlEffect effect) {
        return effect.has(Danger.WHOLE_TABLE_WRITE);
    }

    @Override
    protected String message(SqlEffect effect) {
        return effect.subject() + " has no WHERE: it writes every row in one transaction, holding a row "
                + "lock on each until it commits";
    }

    @Override
    protected String hint(SqlEffect effect) {
        return "use a backfill: small keyset batches, paced, throttled and resumable";
    }
}
