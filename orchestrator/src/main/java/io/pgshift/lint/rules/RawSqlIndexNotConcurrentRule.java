package io.pgshift.lint.rules;

import io.pgshift.lint.Severity;
import io.pgshift.lint.sql.Danger;
import io.pgshift.lint.sql.RawSqlClassifier;
import io.pgshift.lint.sql.SqlEffect;
import io.pgshift.lint.sql.StatementType;

/**
 * {@code raw-sql-index-not-concurrent}: raw CREATE INDEX or REINDEX without CONCURRENTLY (writes blocked for
 * the whole build).
 */
public final class RawSqlIndexNotConcurrentRule extends RawSqlRule {
    public RawSqlIndexNotConcurrentRule(RawSqlClassifier classifier) {
        super(classifier, "raw-sql-index-not-concurrent", Severity.ERROR,
                "raw CREATE INDEX or REINDEX without CONCURRENTLY (writes blocked for the whole build).");
    }

    @Override
    protected boolean appliesTo(SqlEffect effect) {
        return effect.has(Danger.INDEX_WITHOUT_CONCURRENTLY);
    }

    @Override
    protected String message(SqlEffect effect) {
        return effect.subject() + " builds an index without CONCURRENTLY: writes to the table wait for the whole build";
    }

    @Override
    protected String hint(SqlEffect effect) {
        return effect.type() == StatementType.REINDEX ? "use REINDEX ... CONCURRENTLY, declared"
                + " sql: {statement: \"...\", idempotent: true} (it runs outside a transaction block)"
                : "use create_index (always built CONCURRENTLY), or add_unique in contract for a unique constraint";
    }
}
