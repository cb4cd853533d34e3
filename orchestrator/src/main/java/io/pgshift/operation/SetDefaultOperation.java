package io.pgshift.operation;

import io.pgshift.catalog.ColumnInfo;
import io.pgshift.catalog.SimulationScope;
import io.pgshift.plan.LockMode;
import io.pgshift.plan.Phase;
import io.pgshift.plan.Statement;
import io.pgshift.plan.StepKind;
import io.pgshift.playbook.Quoting;
import io.pgshift.playbook.SetDefault;
import io.pgshift.playbook.StepFields;
import io.pgshift.playbook.TableRef;
import java.util.List;

/** {@code set_default}: catalog only, applies to rows inserted from then on. */
public final class SetDefaultOperation implements Operation {
    public static final OperationType<SetDefault> TYPE = new Type();

    private final SetDefault spec;

    public SetDefaultOperation(SetDefault spec) {
        this.spec = spec;
    }

    @Override
    public StepKind kind() {
        return StepKind.SET_DEFAULT;
    }

    @Override
    public String summary() {
        return "set default " + spec.table().display() + "." + spec.column() + " = " + spec.defaultExpr();
    }

    @Override
    public List<Statement> apply() {
        return List.of(Statements.metadata("ALTER TABLE " + spec.table().sql() + " ALTER COLUMN "
                + Quoting.ident(spec.column()) + " SET DEFAULT " + spec.defaultExpr(), spec.table(), LockMode.ACCESS_EXCLUSIVE, null));
    }

    @Override
    public List<Statement> rollback(boolean dropData) {
        return List.of(Statements.metadata("ALTER TABLE " + spec.table().sql() + " ALTER COLUMN "
                + Quoting.ident(spec.column()) + " DROP DEFAULT", spec.table(), LockMode.ACCESS_EXCLUSIVE, null));
    }

    private static final class Type implements OperationType<SetDefault> {
        @Override
        public String key() {
            return "set_default";
        }

        @Override
        public Phase phase() {
            return Phase.CONTRACT;
        }

        @Override
        public Class<SetDefault> model() {
            return SetDefault.class;
        }

        @Override
        public List<String> fields() {
            return List.of("table", "column", "default");
        }

        @Override
        public SetDefault parse(StepFields m) {
            return new SetDefault(m.requireTable("table"), m.requireIdentifier("column"), m.requireExpression("default"));
        }

        @Override
        public Operation operation(SetDefault step) {
            return new SetDefaultOperation(step);
        }

        @Override
        public void simulate(SimulationScope sim, String path, SetDefault step) {
            sim.requireTable(path + ".table", step.table()).ifPresent(table -> {
                if (sim.requireColumns(path + ".column", table, List.of(step.column()))) {
                    String wanted = normaliseExpression(step.defaultExpr());
                    sim.markPresentIf(path, sim.liveColumn(step.table(), step.column())
                            .filter(c -> c.defaultExpr() != null && normaliseExpression(c.defaultExpr()).equals(wanted))
                            .isPresent());
                    ColumnInfo c = table.column(step.column()).orElseThrow();
                    table.putColumn(new ColumnInfo(c.name(), c.type(), c.notNull(), step.defaultExpr(), c.ordinal()));
                }
            });
        }

        @Override
        public void needs(SetDefault step, TableNeeds.Builder needs) {
            needs.add(step.table(), TableNeeds.Need.ALTER);
        }
    }

    /** Whitespace and one pair of enclosing parentheses do not change what a default means. */
    static String normaliseExpression(String expr) {
        String e = expr.trim().replaceAll("\\s+", " ");
        return e.startsWith("(") && e.endsWith(")") ? e.substring(1, e.length() - 1).trim() : e;
    }
}
