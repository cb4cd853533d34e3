package io.pgshift.operation;

import io.pgshift.lint.sql.SqlExpressions;
import io.pgshift.plan.LockMode;
import io.pgshift.plan.Statement;
import io.pgshift.plan.Statement.TimeoutClass;
import io.pgshift.plan.StepKind;
import io.pgshift.plan.TableImpact;
import io.pgshift.plan.TxMode;
import io.pgshift.playbook.AddColumn;
import io.pgshift.playbook.Sql;
import java.util.List;

/**
 * {@code add_column}. With no default, or a non-volatile one, PostgreSQL 11+ only changes the
 * catalog, so the ACCESS EXCLUSIVE lock lasts milliseconds (lint rejects volatile defaults, which
 * would rewrite the table under that lock). NOT NULL with such a default stays catalog-only: the
 * stored default is every existing row's value, so there is nothing to verify.
 */
public final class AddColumnOperation implements Operation {
    private final AddColumn spec;

    public AddColumnOperation(AddColumn spec) {
        this.spec = spec;
    }

    @Override
    public StepKind kind() {
        return StepKind.ADD_COLUMN;
    }

    @Override
    public String summary() {
        return "add column " + spec.table().display() + "." + spec.column() + " " + spec.type()
                + (spec.defaultExpr() == null ? "" : " default " + spec.defaultExpr())
                + (spec.notNull() ? " not null" : "");
    }

    @Override
    public List<Statement> apply() {
        String sql = "ALTER TABLE " + spec.table().sql() + " ADD COLUMN IF NOT EXISTS " + Sql.ident(spec.column())
                + " " + spec.type() + (spec.defaultExpr() == null ? "" : " DEFAULT " + spec.defaultExpr())
                + (spec.notNull() ? " NOT NULL" : "");
        if (spec.notNull() && !SqlExpressions.isNonNullDefault(spec.defaultExpr())) {
            // Lint refuses this; should it run, PostgreSQL scans the table under the lock for rows
            // without a value, and fails on the first one. The plan says so rather than "catalog only".
            return List.of(new Statement(sql, spec.table().display(), LockMode.ACCESS_EXCLUSIVE, TableImpact.SCAN,
                    TxMode.TRANSACTION, TimeoutClass.SHORT, null));
        }
        return List.of(Statements.metadata(sql, spec.table(), LockMode.ACCESS_EXCLUSIVE, null));
    }

    @Override
    public List<Statement> rollback(boolean dropData) {
        if (!dropData) {
            return List.of();
        }
        return List.of(Statements.metadata("ALTER TABLE " + spec.table().sql() + " DROP COLUMN IF EXISTS "
                + Sql.ident(spec.column()), spec.table(), LockMode.ACCESS_EXCLUSIVE, null));
    }
}
