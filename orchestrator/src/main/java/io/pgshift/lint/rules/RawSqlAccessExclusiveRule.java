package io.pgshift.lint.rules;

import io.pgshift.lint.Severity;
import io.pgshift.lint.sql.Danger;
import io.pgshift.lint.sql.RawSqlClassifier;
import io.pgshift.lint.sql.SqlEffect;
import java.util.EnumSet;
import java.util.Set;

/**
 * {@code raw-sql-access-exclusive}: raw SQL that takes ACCESS EXCLUSIVE, when no more specific
 * rule (rewrite, scan, validated constraint, ...) already reports it as an error.
 */
public final class RawSqlAccessExclusiveRule extends RawSqlRule {
    /** Dangers that other rules report as errors, or more precisely; this warning would only repeat them. */
    private static final Set<Danger> REPORTED_ELSEWHERE = EnumSet.of(Danger.TABLE_REWRITE, Danger.COLUMN_TYPE_CHANGE,
            Danger.SET_NOT_NULL_SCAN, Danger.CONSTRAINT_WITHOUT_NOT_VALID, Danger.VOLATILE_DEFAULT,
            Danger.NOT_NULL_WITHOUT_DEFAULT, Danger.INDEX_WITHOUT_CONCURRENTLY, Danger.EXPLICIT_LOCK);

    public RawSqlAccessExclusiveRule(RawSqlClassifier classifier) {
        super(classifier, "raw-sql-access-exclusive", Severity.WARNING,
                "raw SQL that takes ACCESS EXCLUSIVE (reads and writes queue behind it).");
    }

    @Override
    protected boolean appliesTo(SqlEffect effect) {
        return effect.has(Danger.ACCESS_EXCLUSIVE_LOCK)
                && effect.dangers().stream().noneMatch(REPORTED_ELSEWHERE::contains);
    }

    @Override
    protected String message(SqlEffect effect) {
        return effect.subject() + " takes ACCESS EXCLUSIVE: reads and writes queue behind it while it waits for "
                + "the lock and while it holds it";
    }

    @Override
    protected String hint(SqlEffect effect) {
        return "keep it catalog-only and quick (it runs under lock_timeout and is retried); prefer add_column, "
                + "create_index or the contract operations, which take the weakest lock that works";
    }
}
