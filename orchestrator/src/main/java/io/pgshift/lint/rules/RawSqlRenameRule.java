package io.pgshift.lint.rules;

import io.pgshift.lint.Severity;
import io.pgshift.lint.sql.Danger;
import io.pgshift.lint.sql.RawSqlClassifier;
import io.pgshift.lint.sql.SqlEffect;

/** {@code raw-sql-rename}: raw SQL that renames what the running application uses (a table, a column, an enum value). */
public final class RawSqlRenameRule extends RawSqlRule {
    public RawSqlRenameRule(RawSqlClassifier classifier) {
        super(classifier, "raw-sql-rename", Severity.WARNING,
                "raw SQL that renames a table, a column, a type or an enum value.");
    }

    @Override
    protected boolean appliesTo(SqlEffect effect) {
        return effect.has(Danger.BREAKING_RENAME);
    }

    @Override
    protected String message(SqlEffect effect) {
        return effect.subject() + " renames something the running application still uses by its old name: its"
                + " statements fail from the moment the rename commits (an old enum label no longer casts)";
    }

    @Override
    protected String hint(SqlEffect effect) {
        return "add the new name beside the old one (add_column with a backfill and keep_in_sync, add_enum_value),"
                + " move the application over, and remove the old name in a later playbook";
    }
}
