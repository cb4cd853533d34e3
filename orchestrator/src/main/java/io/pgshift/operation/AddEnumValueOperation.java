package io.pgshift.operation;

import io.pgshift.catalog.PlanProblem;
import io.pgshift.catalog.SimulationScope;
import io.pgshift.plan.LockMode;
import io.pgshift.plan.Phase;
import io.pgshift.plan.Statement;
import io.pgshift.plan.Statement.TimeoutClass;
import io.pgshift.plan.StepKind;
import io.pgshift.plan.TableImpact;
import io.pgshift.plan.TxMode;
import io.pgshift.playbook.AddEnumValue;
import io.pgshift.playbook.Quoting;
import io.pgshift.playbook.StepFields;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code add_enum_value}: {@code ALTER TYPE ... ADD VALUE IF NOT EXISTS}, run alone outside a
 * transaction block (before PostgreSQL 12 it may not run in one, and since then a value added in a
 * transaction cannot be used before it commits). It locks the type, not the tables using it: a
 * catalog change, invisible to the running application until it writes the new value. It has no
 * undo: PostgreSQL cannot drop a value from an enum type.
 */
public final class AddEnumValueOperation implements Operation {
    public static final OperationType<AddEnumValue> TYPE = new Type();
    /** NAMEDATALEN - 1: PostgreSQL refuses longer labels. */
    private static final int MAX_LABEL_BYTES = 63;

    private final AddEnumValue spec;

    public AddEnumValueOperation(AddEnumValue spec) {
        this.spec = spec;
    }

    @Override
    public StepKind kind() {
        return StepKind.ADD_ENUM_VALUE;
    }

    @Override
    public String summary() {
        return "add value '" + spec.value() + "' to enum " + spec.type().display() + position();
    }

    private String position() {
        if (spec.before() != null) {
            return " before '" + spec.before() + "'";
        }
        return spec.after() != null ? " after '" + spec.after() + "'" : "";
    }

    @Override
    public List<Statement> apply() {
        String place = spec.before() != null ? " BEFORE " + Quoting.literal(spec.before())
                : spec.after() != null ? " AFTER " + Quoting.literal(spec.after()) : "";
        // IF NOT EXISTS alone would make a re-run a no-op; the guard also lets the run record it SKIPPED.
        return List.of(new Statement("ALTER TYPE " + spec.type().sql() + " ADD VALUE IF NOT EXISTS "
                + Quoting.literal(spec.value()) + place, null, LockMode.NONE, TableImpact.METADATA, TxMode.NO_TRANSACTION,
                TimeoutClass.SHORT, labelExists(spec)));
    }

    /** None: PostgreSQL cannot drop a value from an enum type (rollback reports the step as not undone). */
    @Override
    public List<Statement> rollback(boolean dropData) {
        return List.of();
    }

    static String labelExists(AddEnumValue spec) {
        return "SELECT EXISTS (SELECT 1 FROM pg_enum WHERE enumtypid = " + Quoting.literal(spec.type().sql())
                + "::regtype AND enumlabel = " + Quoting.literal(spec.value()) + ")";
    }

    private static final class Type implements OperationType<AddEnumValue> {
        @Override
        public String key() {
            return "add_enum_value";
        }

        @Override
        public Phase phase() {
            return Phase.EXPAND;
        }

        @Override
        public Class<AddEnumValue> model() {
            return AddEnumValue.class;
        }

        @Override
        public List<String> fields() {
            return List.of("type", "value", "before", "after");
        }

        @Override
        public AddEnumValue parse(StepFields m) {
            AddEnumValue step = new AddEnumValue(m.requireTable("type"), m.requireChecked("value", Type::label),
                    m.has("before") ? m.requireChecked("before", Type::label) : null,
                    m.has("after") ? m.requireChecked("after", Type::label) : null);
            if (step.before() != null && step.after() != null) {
                m.problem("after", "before and after are mutually exclusive: place the value next to one label");
            }
            return step;
        }

        /** What an enum label must be when {@code text} is not one (PostgreSQL takes 1 to 63 bytes), or null. */
        private static String label(String text) {
            int bytes = text.getBytes(StandardCharsets.UTF_8).length;
            return bytes == 0 || bytes > MAX_LABEL_BYTES ? "an enum label of 1 to " + MAX_LABEL_BYTES + " bytes" : null;
        }

        @Override
        public Operation operation(AddEnumValue step) {
            return new AddEnumValueOperation(step);
        }

        @Override
        public void simulate(SimulationScope sim, String path, AddEnumValue step) {
            var labels = sim.schema().enumLabels(step.type());
            if (labels.isEmpty()) {
                sim.problem(new PlanProblem.UnknownEnumType(path + ".type", step.type()));
                return;
            }
            String neighbour = step.neighbour();
            if (neighbour != null && !labels.get().contains(neighbour)) {
                sim.problem(new PlanProblem.UnknownEnumLabel(path + (step.before() != null ? ".before" : ".after"),
                        step.type(), neighbour));
                return;
            }
            sim.markPresentIf(path, sim.catalog().enumLabels(step.type()).filter(l -> l.contains(step.value())).isPresent());
            sim.schema().addEnumLabel(step.type(), step.value(), neighbour, step.before() != null);
        }

        @Override
        public void needs(AddEnumValue step, TableNeeds.Builder needs) {
            needs.alterType(step.type());
        }
    }
}
