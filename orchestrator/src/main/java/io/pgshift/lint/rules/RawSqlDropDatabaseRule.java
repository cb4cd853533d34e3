package io.pgshift.lint.rules;

import io.pgshift.lint.Severity;
import io.pgshift.lint.sql.RawSqlClassifier;
import io.pgshift.lint.sql.SqlEffect;
import io.pgshift.lint.sql.StatementType;

/** {@code raw-sql-drop-database}: raw SQL that drops a database (never part of a schema change). */
public final class RawSqlDropDatabaseRule extends RawSqlRule {
    public RawSqlDropDatabaseRule(RawSqlClassifier classifier) {
        super(classifier, "raw-sql-drop-database", Severity.ERROR,
                "raw SQL that drops a database.");
    }

    @Override
    protected boolean appliesTo(SqlEffect effect) {
        return effect.type() == StatementType.DROP_DATABASE;
    }

    @Override
    protected String message(SqlEffect effect) {
        return "DROP DATABASE removes a whole database, every table and row in it (WITH (FORCE) first terminates"
                + " its sessions); a playbook changes the schema of the database it runs on, it never drops one";
    }

    @Override
    protected String hint(SqlEffect effect) {
        return "remove the step; drop databases by hand, outside pgshift, after a verified backup";
    }
}
