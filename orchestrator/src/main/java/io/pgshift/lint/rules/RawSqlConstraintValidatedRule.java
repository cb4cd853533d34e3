package io.pgshift.lint.rules;

import io.pgshift.lint.Severity;
import io.pgshift.lint.sql.Danger;
import io.pgshift.lint.sql.RawSqlClassifier;
import io.pgshift.lint.sql.SqlEffect;
import io.pgshift.lint.sql.StatementType;

/**
 * {@code raw-sql-constraint-validated}: raw SQL that adds a constraint without NOT VALID (checked against every
 * row under the lock).
 */
public final class RawSqlConstraintValidatedRule extends RawSqlRule {
    public RawSqlConstraintValidatedRule(RawSqlClassifier classifier) {
        super(classifier, "raw-sql-constraint-validated", Severity.ERROR,
                "raw SQL that adds a constraint without NOT VALID (checked against every row under the lock).");
    }

    @Override
    protected boolean appliesTo(SqlEffect effect) {
        return effect.has(Danger.CONSTRAINT_WITHOUT_NOT_VALID);
    }

    @Override
    protected String message(SqlEffect effect) {
        if (effect.type() == StatementType.ALTER_DOMAIN) {
            return "ALTER DOMAIN checks the domain's constraint against every column using it while it holds SHARE on"
                    + " their tables (which blocks " + effect.lock().blocks() + "), even for VALIDATE CONSTRAINT";
        }
        return effect.subject() + " adds a constraint that is checked against every row while it holds "
                + effect.lock().sqlName() + " (which blocks " + effect.lock().blocks() + ")";
    }

    @Override
    protected String hint(SqlEffect effect) {
        if (effect.type() == StatementType.ALTER_DOMAIN) {
            return "a domain's constraint cannot be checked without blocking writes: put the rule on each table with"
                    + " add_check (NOT VALID, then VALIDATE under SHARE UPDATE EXCLUSIVE)";
        }
        return "use add_check, add_foreign_key, add_unique or set_not_null in contract: pgshift adds "
                + "constraints NOT VALID and validates them under a weak lock, and builds unique indexes concurrently";
    }
}
