package io.pgshift.lint.rules;

import io.pgshift.lint.Severity;
import io.pgshift.lint.sql.Danger;
import io.pgshift.lint.sql.RawSqlClassifier;
import io.pgshift.lint.sql.SqlEffect;

/**
 * {@code raw-sql-rewrite}: raw SQL that rewrites a table (VACUUM FULL, CLUSTER, SET TABLESPACE, a volatile
 * default, ...). Column type changes have their own, more specific rule.
 */
public final class RawSqlRewriteRule extends RawSqlRule {
    public RawSqlRewriteRule(RawSqlClassifier classifier) {
        super(classifier, "raw-sql-rewrite", Severity.ERROR,
                "raw SQL that rewrites a whole table under ACCESS EXCLUSIVE.");
    }

    @Override
    protected boolean appliesTo(SqlEffect effect) {
        return effect.has(Danger.TABLE_REWRITE) && !effect.has(Danger.COLUMN_TYPE_CHANGE);
    }

    @Override
    protected String message(SqlEffect effect) {
        String cause = effect.has(Danger.VOLATILE_DEFAULT) ? " (the new column's DEFAULT is volatile)" : "";
        return effect.subject() + " rewrites the whole table" + cause
                + " under ACCESS EXCLUSIVE: reads and writes wait as long as a full copy takes";
    }

    @Override
    protected String hint(SqlEffect effect) {
        return effect.has(Danger.VOLATILE_DEFAULT)
                ? "use add_column without a default, set the value in a backfill, then set_default in contract"
                : "do not run VACUUM FULL, CLUSTER or SET TABLESPACE in a playbook; use pg_repack, or a new table "
                        + "filled by a backfill";
    }
}
