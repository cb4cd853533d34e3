package io.pgshift.operation;

import io.pgshift.catalog.ColumnInfo;
import io.pgshift.catalog.PlanProblem;
import io.pgshift.catalog.SimulationScope;
import io.pgshift.catalog.TypeNames;
import io.pgshift.lint.sql.SqlExpressions;
import io.pgshift.plan.LockMode;
import io.pgshift.plan.Phase;
import io.pgshift.plan.Statement.TimeoutClass;
import io.pgshift.plan.Statement;
import io.pgshift.plan.StepKind;
import io.pgshift.plan.TableImpact;
import io.pgshift.plan.TxMode;
import io.pgshift.playbook.AddColumn;
import io.pgshift.playbook.ClaimedName;
import io.pgshift.playbook.Identifiers;
import io.pgshift.playbook.Quoting;
import io.pgshift.playbook.StepFields;
import io.pgshift.playbook.TableRef;
import java.util.List;
import java.util.Optional;

/**
 * {@code add_column}. With no default, or a non-volatile one, PostgreSQL 11+ only changes the
 * catalog, so the ACCESS EXCLUSIVE lock lasts milliseconds (lint rejects volatile defaults, which
 * would rewrite the table under that lock). NOT NULL with such a default stays catalog-only: the
 * stored default is every existing row's value, so there is nothing to verify.
 */
public final class AddColumnOperation implements Operation {
    public static final OperationType<AddColumn> TYPE = new Type();

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
        String sql = "ALTER TABLE " + spec.table().sql() + " ADD COLUMN IF NOT EXISTS " + Quoting.ident(spec.column())
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
                + Quoting.ident(spec.column()), spec.table(), LockMode.ACCESS_EXCLUSIVE, null));
    }

    private static final class Type implements OperationType<AddColumn> {
        @Override
        public String key() {
            return "add_column";
        }

        @Override
        public Phase phase() {
            return Phase.EXPAND;
        }

        @Override
        public Class<AddColumn> model() {
            return AddColumn.class;
        }

        @Override
        public List<String> fields() {
            return List.of("table", "column", "type", "default", "not_null");
        }

        @Override
        public AddColumn parse(StepFields m) {
            TableRef table = m.requireTable("table");
            String column = m.requireIdentifier("column");
            String type = m.requireChecked("type", Identifiers::checkSqlType);
            AddColumn step = new AddColumn(table, column, type, m.optionalExpression("default"), m.bool("not_null", false));
            if (table != null && column != null) {
                m.claim(ClaimedName.ADDED_COLUMN, table.display() + "." + column, "column");
            }
            return step;
        }

        @Override
        public Operation operation(AddColumn step) {
            return new AddColumnOperation(step);
        }

        @Override
        public void simulate(SimulationScope sim, String path, AddColumn add) {
            sim.requireTable(path + ".table", add.table()).ifPresent(table -> {
                Optional<ColumnInfo> existing = table.column(add.column());
                if (existing.isEmpty()) {
                    table.addColumn(add.column(), add.type(), add.notNull(), add.defaultExpr());
                } else if (fits(existing.get(), add)) {
                    sim.markPresentIf(path, sim.liveColumn(add.table(), add.column()).filter(c -> fits(c, add)).isPresent());
                } else {
                    sim.conflict(path, "column " + PlanProblem.quote(add.column()) + " of table "
                                    + PlanProblem.quote(add.table()), existing.get().type() + (existing.get().notNull()
                                    ? " not null" : ""), add.type() + (add.notNull() ? " not null" : ""));
                }
            });
        }

        /**
         * Whether an existing column already is what add_column asks for. ADD COLUMN IF NOT EXISTS
         * leaves an existing column as it is, so a nullable one would stay nullable under not_null.
         */
        private static boolean fits(ColumnInfo existing, AddColumn add) {
            return TypeNames.same(existing.type(), add.type()) && (existing.notNull() || !add.notNull());
        }

        @Override
        public void needs(AddColumn step, TableNeeds.Builder needs) {
            needs.add(step.table(), TableNeeds.Need.ALTER);
        }
    }
}
