package io.pgshift.operation;

import io.pgshift.backfill.SyncTriggerPass;
import io.pgshift.catalog.CatalogSnapshot;
import io.pgshift.catalog.ColumnInfo;
import io.pgshift.catalog.PlanProblem;
import io.pgshift.catalog.SimulationScope;
import io.pgshift.catalog.TableInfo;
import io.pgshift.catalog.TypeNames;
import io.pgshift.gate.GateCheck;
import io.pgshift.plan.LockMode;
import io.pgshift.plan.Phase;
import io.pgshift.plan.Statement;
import io.pgshift.plan.StepKind;
import io.pgshift.playbook.AlterColumnType;
import io.pgshift.playbook.Backfill;
import io.pgshift.playbook.BatchSpec;
import io.pgshift.playbook.Identifiers;
import io.pgshift.playbook.Quoting;
import io.pgshift.playbook.StepFields;
import io.pgshift.playbook.TableRef;
import io.pgshift.playbook.ThrottleSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code alter_column_type}, in expand: the shadow column of the new type (catalog only) and the
 * trigger that keeps it equal to the conversion of every row written. pgshift then backfills the
 * shadow (its backfill phase), the gate checks it, and contract builds its indexes concurrently
 * and swaps the columns in one short transaction ({@link ColumnSwap}).
 */
public final class AlterColumnTypeOperation implements Operation {
    public static final OperationType<AlterColumnType> TYPE = new Type();

    private final AlterColumnType spec;
    private final TableInfo table;

    /** {@code table}: the live table, whose columns the trigger function declares. */
    AlterColumnTypeOperation(AlterColumnType spec, TableInfo table) {
        this.spec = spec;
        this.table = table;
    }

    @Override
    public StepKind kind() {
        return StepKind.ALTER_COLUMN_TYPE;
    }

    @Override
    public String summary() {
        return "add shadow column " + spec.table().display() + "." + spec.shadow() + " " + spec.type()
                + " kept equal to " + spec.conversion() + " by trigger " + ShadowColumns.trigger(spec);
    }

    @Override
    public List<Statement> apply() {
        TableRef t = spec.table();
        String swapped = ShadowColumns.swapped(spec);
        List<Statement> out = new ArrayList<>();
        out.add(Statements.metadata("ALTER TABLE " + t.sql() + " ADD COLUMN IF NOT EXISTS " + Quoting.ident(spec.shadow())
                + " " + spec.type(), t, LockMode.ACCESS_EXCLUSIVE, swapped));
        if (table != null) {
            boolean cannotFail = table.column(spec.column())
                    .map(c -> Conversions.cannotFail(c.type(), spec.type(), spec.using())).orElse(false);
            out.add(Statements.ownObject(ShadowColumns.valueFunctionSql(spec, withShadow(), cannotFail), t, swapped));
            out.add(Statements.ownObject(ShadowColumns.errorFunctionSql(spec, withShadow(), cannotFail), t, swapped));
            out.add(Statements.ownObject(ShadowColumns.forwardFunction(spec), t, swapped));
        }
        out.add(Statements.metadata("CREATE TRIGGER " + Quoting.ident(ShadowColumns.trigger(spec)) + " BEFORE INSERT OR UPDATE ON "
                        + t.sql() + " FOR EACH ROW " + SyncTriggerPass.when(ShadowColumns.trigger(spec)) + " EXECUTE FUNCTION "
                        + ShadowColumns.function(spec) + "()", t,
                LockMode.SHARE_ROW_EXCLUSIVE, "SELECT (" + swapped + ") OR (" + Guards.triggerExists(t,
                        ShadowColumns.trigger(spec)) + ")"));
        return out;
    }

    private TableInfo withShadow() {
        List<ColumnInfo> columns = new ArrayList<>(table.columns());
        columns.add(new ColumnInfo(spec.shadow(), spec.type(), false, null, columns.size() + 1));
        return new TableInfo(table.schema(), table.name(), table.estimatedRows(), table.sizeBytes(), columns,
                table.indexes(), table.constraints(), table.triggers(), table.partitioning());
    }

    /** Before the swap: trigger, functions and shadow column go (the shadow holds only derived values). */
    @Override
    public List<Statement> rollback(boolean dropData) {
        TableRef t = spec.table();
        return List.of(
                Statements.metadata("DROP TRIGGER IF EXISTS " + Quoting.ident(ShadowColumns.trigger(spec)) + " ON " + t.sql(),
                        t, LockMode.ACCESS_EXCLUSIVE, null),
                Statements.ownObject("DROP FUNCTION IF EXISTS " + ShadowColumns.function(spec) + "()", t, null),
                Statements.ownObject(ShadowColumns.dropRowFunctions(spec), t, null),
                Statements.metadata("ALTER TABLE " + t.sql() + " DROP COLUMN IF EXISTS " + Quoting.ident(spec.shadow()), t,
                        LockMode.ACCESS_EXCLUSIVE, null));
    }

    private static final class Type implements OperationType<AlterColumnType> {
        @Override
        public String key() {
            return "alter_column_type";
        }

        @Override
        public Phase phase() {
            return Phase.EXPAND;
        }

        @Override
        public Class<AlterColumnType> model() {
            return AlterColumnType.class;
        }

        @Override
        public List<String> fields() {
            return List.of("table", "column", "type", "using");
        }

        @Override
        public AlterColumnType parse(StepFields m) {
            TableRef table = m.requireTable("table");
            String column = m.requireIdentifier("column");
            String type = m.requireChecked("type", Identifiers::checkSqlType);
            String using = m.optionalExpression("using");
            return new AlterColumnType(table, column, type, using);
        }

        @Override
        public Operation operation(AlterColumnType step) {
            return new AlterColumnTypeOperation(step, null);
        }

        @Override
        public Operation operation(AlterColumnType step, CatalogSnapshot catalog) {
            return new AlterColumnTypeOperation(step, catalog.table(step.table()).orElse(null));
        }

        /**
         * The shadow column is filled like any backfill, walking the table's key with checkpoints,
         * with the row's converted value: NULL where it does not convert, so one bad value neither
         * fails its batch nor stops the backfill; the gate counts those rows.
         */
        @Override
        public Optional<Backfill> backfill(AlterColumnType step) {
            return Optional.of(new Backfill(step.table(), Map.of(step.shadow(), ShadowColumns.value(step, "t")), null,
                    false, BatchSpec.DEFAULT, null, ThrottleSpec.DEFAULT));
        }

        @Override
        public Optional<String> syncTrigger(AlterColumnType step) {
            return Optional.of(ShadowColumns.trigger(step));
        }

        @Override
        public List<Operation> contract(AlterColumnType step, CatalogSnapshot catalog) {
            TableInfo table = catalog.table(step.table()).orElse(null);
            if (table == null) {
                return List.of();
            }
            ColumnSwap swap = new ColumnSwap(step, table);
            return List.of(swap.prepare(), swap.swap());
        }

        /**
         * Rows whose value does not convert (the swap would lose it: fix or delete them, then
         * resume), and rows whose shadow does not hold their converted value (the swap would
         * change data). Sample keys name them; {@code <trigger>_error(row)} says why one fails.
         */
        @Override
        public Optional<GateCheck> gate(String path, AlterColumnType step) {
            return Optional.of(GateCheck.rows(path, "rows of " + step.table().display() + " whose " + step.column()
                    + " does not convert to " + step.type() + " (" + step.conversion() + "; the reason: SELECT "
                    + ShadowColumns.errorFunction(step) + "(t) FROM " + step.table().sql() + " t WHERE <key>)"
                    + " or whose " + step.shadow() + " differs from it", step.table(),
                    ShadowColumns.error(step, "t") + " IS NOT NULL OR t." + Quoting.ident(step.shadow())
                            + " IS DISTINCT FROM " + ShadowColumns.value(step, "t")));
        }

        @Override
        public void simulate(SimulationScope sim, String path, AlterColumnType step) {
            sim.requireTable(path + ".table", step.table()).ifPresent(table -> {
                if (!sim.requireColumns(path + ".column", table, List.of(step.column()))) {
                    return;
                }
                if (table.toInfo().partitioned()) {
                    sim.problem(new PlanProblem.Unsupported(path + ".table", "alter_column_type does not handle"
                            + " partitioned tables: " + PlanProblem.quote(step.table()) + " is one",
                            "change the type partition by partition by hand, or recreate the table"));
                    return;
                }
                ColumnInfo column = table.column(step.column()).orElseThrow();
                boolean shadowExists = table.column(step.shadow()).isPresent();
                if (TypeNames.same(column.type(), step.type()) && !shadowExists) {
                    sim.markPresentIf(path, sim.liveColumn(step.table(), step.column())
                            .filter(c -> TypeNames.same(c.type(), step.type())).isPresent());
                    return;
                }
                table.toInfo().indexes().stream()
                        .filter(i -> i.columns().contains(step.column()) && (i.partial() || !ColumnSwap.plain(i)))
                        .forEach(i -> sim.problem(new PlanProblem.Unsupported(path + ".column", "column "
                                + PlanProblem.quote(step.column()) + " of " + PlanProblem.quote(step.table())
                                + " is in index " + PlanProblem.quote(i.name()) + ", which is partial or on an expression",
                                "drop that index before the change and create it again after, or change the type by hand")));
                if (!shadowExists) {
                    table.addColumn(step.shadow(), step.type(), false, null);
                }
                ReferencingColumns.unwidened(sim.catalog(), sim.playbook(), step).forEach(r -> sim.problem(
                        new PlanProblem.Unsupported(path + ".column", r.message(), r.hint())));
            });
        }

        @Override
        public void needs(AlterColumnType step, TableNeeds.Builder needs) {
            needs.add(step.table(), TableNeeds.Need.ALTER).add(step.table(), TableNeeds.Need.UPDATE)
                    .add(step.table(), TableNeeds.Need.TRIGGER).buildsIndexes();
        }

        @Override
        public List<TableRef> createdRelations(AlterColumnType step) {
            return List.of();
        }
    }

    /**
     * A query true once cleanup dropped the old column after the swap: the swap cannot be undone
     * any more (nothing holds the old values), and rollback reports it as not undone.
     */
    public static String oldColumnDropped(AlterColumnType step) {
        String table = Quoting.literal(step.table().sql()) + "::regclass";
        return "SELECT (" + ShadowColumns.swapped(step) + ") AND NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = "
                + table + " AND attname = " + Quoting.literal(step.retired()) + " AND NOT attisdropped)";
    }

    /** The trigger (and function) keeping the shadow, then the old column, in step. */
    public static String triggerName(AlterColumnType step) {
        return ShadowColumns.trigger(step);
    }
}
