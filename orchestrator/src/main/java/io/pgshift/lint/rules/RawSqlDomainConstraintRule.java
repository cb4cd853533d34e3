package io.pgshift.lint.rules;

import io.pgshift.lint.Severity;
import io.pgshift.lint.sql.Danger;
import io.pgshift.lint.sql.RawSqlClassifier;
import io.pgshift.lint.sql.SqlEffect;
import io.pgshift.lint.sql.StatementType;

/**
 * {@code raw-sql-domain-constraint}: raw SQL that gives a domain a constraint (CREATE DOMAIN ...
 * CHECK or NOT NULL, ALTER DOMAIN ... ADD ... NOT VALID). Checking it now is already an error
 * ({@code raw-sql-constraint-validated}); this warns about what the constraint costs later.
 */
public final class RawSqlDomainConstraintRule extends RawSqlRule {
    public RawSqlDomainConstraintRule(RawSqlClassifier classifier) {
        super(classifier, "raw-sql-domain-constraint", Severity.WARNING,
                "raw SQL that gives a domain a CHECK or NOT NULL constraint.");
    }

    @Override
    protected boolean appliesTo(SqlEffect effect) {
        return effect.has(Danger.DOMAIN_CONSTRAINT) && !effect.has(Danger.CONSTRAINT_WITHOUT_NOT_VALID);
    }

    @Override
    protected String message(SqlEffect effect) {
        String what = effect.type() == StatementType.CREATE_DOMAIN ? "CREATE DOMAIN creates a domain with a constraint"
                : "ALTER DOMAIN adds a constraint to a domain";
        return what + ": adding a column of this domain to a table rewrites the table under ACCESS EXCLUSIVE, and"
                + " validating the constraint scans every column using the domain under SHARE (writes wait)";
    }

    @Override
    protected String hint(SqlEffect effect) {
        return "give the domain no constraint (or use the base type) and put the rule on each table with add_check,"
                + " which validates under SHARE UPDATE EXCLUSIVE while writes go on";
    }
}
