package io.pgshift.operation;

import io.pgshift.backfill.SyncTriggerPass;
import io.pgshift.catalog.CatalogSnapshot;
import io.pgshift.catalog.ColumnInfo;
import io.pgshift.catalog.ConstraintInfo;
import io.pgshift.catalog.IndexInfo;
import io.pgshift.catalog.PlanProblem;
import io.pgshift.catalog.SimulationScope;
import io.pgshift.catalog.TableInfo;
import io.pgshift.gate.GateCheck;
import io.pgshift.plan.LockMode;
import io.pgshift.plan.Phase;
import io.pgshift.plan.Statement;
import io.pgshift.plan.StepKind;
import io.pgshift.playbook.Backfill;
import io.pgshift.playbook.BatchSpec;
import io.pgshift.playbook.DollarQuote;
import io.pgshift.playbook.Names;
import io.pgshift.playbook.Quoting;
import io.pgshift.playbook.RenameColumn;
import io.pgshift.playbook.StepFields;
import io.pgshift.playbook.TableRef;
import io.pgshift.playbook.ThrottleSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code rename_column}, in expand: the new column (same type, catalog only) and a trigger that
 * keeps the two equal in both directions: a write that names only the old column (the
 * application's old version) fills the new one and is counted, like a keep_in_sync fill; a write
 * of the new column fills the old. pgshift backfills the new column, the gate checks that both
 * agree, and contract builds the old column's plain indexes over the new one concurrently and
 * proves it NOT NULL where the old one is. Cleanup drops the old column (with its indexes) and
 * gives the new one its default, once no writer has named the old column for the quiet period.
 */
public final class RenameColumnOperation implements Operation {
    public static final OperationType<RenameColumn> TYPE = new Type();

    private final RenameColumn spec;
    private final ColumnInfo column;

    RenameColumnOperation(RenameColumn spec, ColumnInfo column) {
        this.spec = spec;
        this.column = column;
    }

    /** {@code pgshift_rename_<table>_<column>}: the trigger and its function. */
    public static String triggerName(RenameColumn step) {
        return Names.fit("pgshift_rename_" + step.table().name() + "_" + step.column());
    }

    public static String counterName(RenameColumn step) {
        return Names.fit("pgshift_fills_" + step.table().name() + "_" + step.to());
    }

    public static String clockName(RenameColumn step) {
        return Names.fit("pgshift_filled_at_" + step.table().name() + "_" + step.to());
    }

    /**
     * Cleanup's last statement, once the trigger is gone: the new column takes the old one's
     * default (read then, so it is the one in force) and the old column goes.
     */
    public static String retireOldColumn(RenameColumn step) {
        TableRef t = step.table();
        return "DO " + DollarQuote.around("pgshift",
                "DECLARE\n"
                + "    old_default text;\n"
                + "BEGIN\n"
                + "    SELECT pg_get_expr(d.adbin, d.adrelid) INTO old_default FROM pg_attrdef d JOIN pg_attribute a\n"
                + "        ON a.attrelid = d.adrelid AND a.attnum = d.adnum\n"
                + "     WHERE a.attrelid = " + Quoting.literal(t.sql()) + "::regclass AND a.attname = " + Quoting.literal(step.column())
                + ";\n"
                + "    IF old_default IS NOT NULL THEN\n"
                + "        EXECUTE format('ALTER TABLE " + t.sql().replace("%", "%%") + " ALTER COLUMN "
                + Quoting.ident(step.to()).replace("%", "%%") + " SET DEFAULT %s', old_default);\n"
                + "    END IF;\n"
                + "    ALTER TABLE " + t.sql() + " DROP COLUMN IF EXISTS " + Quoting.ident(step.column()) + ";\n"
                + "END");
    }

    @Override
    public StepKind kind() {
        return StepKind.RENAME_COLUMN;
    }

    @Override
    public String summary() {
        return "add column " + spec.table().display() + "." + spec.to() + " kept equal to " + spec.column()
                + " both ways by trigger " + triggerName(spec) + " (the old name goes at cleanup)";
    }

    @Override
    public List<Statement> apply() {
        TableRef t = spec.table();
        String type = column == null ? "text" : column.type();
        String schema = Quoting.ident(t.schema());
        String counter = schema + "." + Quoting.ident(counterName(spec));
        String clock = schema + "." + Quoting.ident(clockName(spec));
        List<Statement> out = new ArrayList<>();
        out.add(Statements.metadata("ALTER TABLE " + t.sql() + " ADD COLUMN IF NOT EXISTS " + Quoting.ident(spec.to()) + " "
                + type, t, LockMode.ACCESS_EXCLUSIVE, null));
        out.add(Statements.ownObject("CREATE SEQUENCE IF NOT EXISTS " + counter + " AS bigint NO CYCLE", t, null));
        out.add(Statements.ownObject("CREATE SEQUENCE IF NOT EXISTS " + clock + " AS bigint MINVALUE 0 START 0 NO CYCLE", t,
                null));
        out.add(Statements.ownObject("GRANT USAGE ON SEQUENCE " + counter + " TO PUBLIC", t, null));
        out.add(Statements.ownObject("GRANT SELECT, UPDATE ON SEQUENCE " + clock + " TO PUBLIC", t, null));
        out.add(Statements.ownObject(function(counter, clock), t, null));
        out.add(Statements.metadata("CREATE TRIGGER " + Quoting.ident(triggerName(spec)) + " BEFORE INSERT OR UPDATE ON "
                + t.sql() + " FOR EACH ROW " + SyncTriggerPass.when(triggerName(spec)) + " EXECUTE FUNCTION " + schema + "."
                + Quoting.ident(triggerName(spec)) + "()", t,
                LockMode.SHARE_ROW_EXCLUSIVE, Guards.triggerExists(t, triggerName(spec))));
        return out;
    }

    /**
     * A write that leaves the new column alone but gives the old one (an INSERT without the new
     * column, an UPDATE of the old one only) is the old version's: the new column follows, and the
     * fill is counted. Otherwise the new column leads and the old one follows.
     */
    private String function(String counter, String clock) {
        String oldCol = "NEW." + Quoting.ident(spec.column());
        String newCol = "NEW." + Quoting.ident(spec.to());
        return "CREATE OR REPLACE FUNCTION " + Quoting.ident(spec.table().schema()) + "." + Quoting.ident(triggerName(spec))
                + "() RETURNS trigger LANGUAGE plpgsql AS " + DollarQuote.around("pgshift",
                "DECLARE\n"
                + "    old_writer boolean := false;\n"
                + "BEGIN\n"
                + "    IF TG_OP = 'INSERT' THEN\n"
                + "        IF " + newCol + " IS NULL THEN\n"
                + "            " + newCol + " := " + oldCol + ";\n"
                + "            old_writer := " + oldCol + " IS NOT NULL;\n"
                + "        ELSE\n"
                + "            " + oldCol + " := " + newCol + ";\n"
                + "        END IF;\n"
                + "    ELSIF " + newCol + " IS NOT DISTINCT FROM OLD." + Quoting.ident(spec.to()) + " THEN\n"
                + "        IF " + oldCol + " IS DISTINCT FROM OLD." + Quoting.ident(spec.column()) + " THEN\n"
                + "            " + newCol + " := " + oldCol + ";\n"
                + "            old_writer := true;\n"
                + "        END IF;\n"
                + "    ELSE\n"
                + "        " + oldCol + " := " + newCol + ";\n"
                + "    END IF;\n"
                + "    IF old_writer THEN\n"
                + "        PERFORM nextval(" + Quoting.literal(counter) + ");\n"
                + "        IF coalesce(pg_sequence_last_value(" + Quoting.literal(clock) + "::regclass), 0)"
                + " < extract(epoch FROM clock_timestamp())::bigint THEN\n"
                + "            PERFORM setval(" + Quoting.literal(clock) + ", extract(epoch FROM clock_timestamp())::bigint);\n"
                + "        END IF;\n"
                + "    END IF;\n"
                + "    RETURN NEW;\n"
                + "END");
    }

    /** Trigger, function, counters and the new column go; the old column was never touched. */
    @Override
    public List<Statement> rollback(boolean dropData) {
        TableRef t = spec.table();
        List<Statement> undo = new ArrayList<>(SyncTriggerOperation.dropStatements(t, triggerName(spec), counterName(spec),
                clockName(spec), null));
        undo.add(SyncTriggerOperation.dropColumn(t, spec.to()));
        return undo;
    }

    private static final class Type implements OperationType<RenameColumn> {
        @Override
        public String key() {
            return "rename_column";
        }

        @Override
        public Phase phase() {
            return Phase.EXPAND;
        }

        @Override
        public Class<RenameColumn> model() {
            return RenameColumn.class;
        }

        @Override
        public List<String> fields() {
            return List.of("table", "column", "to");
        }

        @Override
        public RenameColumn parse(StepFields m) {
            return new RenameColumn(m.requireTable("table"), m.requireIdentifier("column"), m.requireIdentifier("to"));
        }

        @Override
        public Operation operation(RenameColumn step) {
            return new RenameColumnOperation(step, null);
        }

        @Override
        public Operation operation(RenameColumn step, CatalogSnapshot catalog) {
            return new RenameColumnOperation(step, catalog.table(step.table()).flatMap(t -> t.column(step.column()))
                    .orElse(null));
        }

        @Override
        public Optional<Backfill> backfill(RenameColumn step) {
            return Optional.of(new Backfill(step.table(), Map.of(step.to(), Quoting.ident(step.column())), null, false,
                    BatchSpec.DEFAULT, null, ThrottleSpec.DEFAULT));
        }

        @Override
        public Optional<String> syncTrigger(RenameColumn step) {
            return Optional.of(triggerName(step));
        }

        @Override
        public List<Operation> contract(RenameColumn step, CatalogSnapshot catalog) {
            TableInfo table = catalog.table(step.table()).orElse(null);
            if (table == null || table.column(step.column()).isEmpty()) {
                return List.of();
            }
            return List.of(prepare(step, table));
        }

        @Override
        public Optional<GateCheck> gate(String path, RenameColumn step) {
            return Optional.of(GateCheck.rows(path, "rows of " + step.table().display() + " whose " + step.to()
                    + " differs from " + step.column(), step.table(), "t." + Quoting.ident(step.to()) + " IS DISTINCT FROM t."
                    + Quoting.ident(step.column())));
        }

        @Override
        public void simulate(SimulationScope sim, String path, RenameColumn step) {
            Optional<TableInfo> live = sim.catalog().table(step.table());
            boolean renamedBefore = live.isPresent() && live.get().column(step.to()).isPresent()
                    && (live.get().column(step.column()).isEmpty() || live.get().triggers().contains(triggerName(step)));
            if (renamedBefore) {
                // the new column and its trigger are there (or the old column is already gone): done before
                sim.markPresentIf(path, true);
                return;
            }
            sim.requireTable(path + ".table", step.table()).ifPresent(table -> {
                if (!sim.requireColumns(path + ".column", table, List.of(step.column()))) {
                    return;
                }
                ColumnInfo column = table.column(step.column()).orElseThrow();
                Optional<ColumnInfo> to = table.column(step.to());
                if (to.isPresent() && !io.pgshift.catalog.TypeNames.same(to.get().type(), column.type())) {
                    sim.conflict(path + ".to", "column " + PlanProblem.quote(step.to()) + " of "
                            + PlanProblem.quote(step.table()), to.get().type(), column.type());
                    return;
                }
                TableInfo info = table.toInfo();
                for (ConstraintInfo c : info.constraints()) {
                    if (c.columns().contains(step.column()) && (c.type() == 'p' || c.type() == 'u' || c.type() == 'f')) {
                        sim.problem(new PlanProblem.Unsupported(path + ".column", "column "
                                + PlanProblem.quote(step.column()) + " is in constraint " + PlanProblem.quote(c.name())
                                + " (" + c.definition() + "), which rename_column does not move",
                                "rename a key column by hand in a window, or keep its name"));
                    }
                }
                for (IndexInfo i : info.indexes()) {
                    if (i.columns().contains(step.column()) && (i.partial() || !ColumnSwap.plain(i))) {
                        sim.problem(new PlanProblem.Unsupported(path + ".column", "column " + PlanProblem.quote(step.column())
                                + " is in index " + PlanProblem.quote(i.name()) + ", which is partial or on an expression",
                                "drop that index before the rename and create it again after"));
                    }
                }
                if (to.isEmpty()) {
                    table.addColumn(step.to(), column.type(), false, null);
                }
            });
        }

        @Override
        public void needs(RenameColumn step, TableNeeds.Builder needs) {
            needs.add(step.table(), TableNeeds.Need.ALTER).add(step.table(), TableNeeds.Need.UPDATE)
                    .add(step.table(), TableNeeds.Need.TRIGGER).buildsIndexes();
        }

        /** The old column's plain indexes over the new one, concurrently; NOT NULL proved and set where the old has it. */
        private static Operation prepare(RenameColumn step, TableInfo table) {
            TableRef t = step.table();
            ColumnInfo column = table.column(step.column()).orElseThrow();
            List<Statement> statements = new ArrayList<>();
            List<Statement> undo = new ArrayList<>();
            List<IndexInfo> indexes = table.indexes().stream()
                    .filter(i -> i.columns().contains(step.column()) && !i.partial() && ColumnSwap.plain(i)).toList();
            for (IndexInfo index : indexes) {
                String name = Names.fit(index.name().replace(step.column(), step.to()).equals(index.name())
                        ? index.name() + "_" + step.to() : index.name().replace(step.column(), step.to()));
                List<String> columns = index.columns().stream().map(c -> c.equals(step.column()) ? step.to() : c).toList();
                statements.add(Statements.dropInvalidIndex(t, name));
                statements.add(Statements.buildIndexConcurrently("CREATE " + (index.unique() ? "UNIQUE " : "")
                        + "INDEX CONCURRENTLY IF NOT EXISTS " + Quoting.ident(name) + " ON " + t.sql() + " USING "
                        + index.method() + " (" + Quoting.idents(columns) + ")", t, null));
                undo.add(Statements.dropIndex(t, name));
            }
            if (column.notNull()) {
                io.pgshift.playbook.SetNotNull notNull = new io.pgshift.playbook.SetNotNull(t, step.to());
                SetNotNullOperation op = new SetNotNullOperation(notNull);
                statements.addAll(op.apply());
                undo.addAll(op.rollback(false));
            }
            String summary = "build " + indexes.size() + " index(es) over " + t.display() + "." + step.to()
                    + " concurrently" + (column.notNull() ? " and set it NOT NULL" : "");
            return new FixedOperation(StepKind.PREPARE_RENAME, summary, statements, undo);
        }
    }
}
