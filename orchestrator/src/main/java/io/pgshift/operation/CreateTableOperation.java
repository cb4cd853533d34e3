package io.pgshift.operation;

import io.pgshift.catalog.ColumnInfo;
import io.pgshift.catalog.ConstraintInfo;
import io.pgshift.catalog.IndexInfo;
import io.pgshift.catalog.PlanProblem;
import io.pgshift.catalog.SimulationScope;
import io.pgshift.catalog.TypeNames;
import io.pgshift.catalog.VirtualSchema;
import io.pgshift.catalog.VirtualTable;
import io.pgshift.plan.LockMode;
import io.pgshift.plan.Phase;
import io.pgshift.plan.Statement;
import io.pgshift.plan.StepKind;
import io.pgshift.playbook.ClaimedName;
import io.pgshift.playbook.ColumnDef;
import io.pgshift.playbook.CreateTable;
import io.pgshift.playbook.ForeignKeyRef;
import io.pgshift.playbook.Identifiers;
import io.pgshift.playbook.Quoting;
import io.pgshift.playbook.ReferentialAction;
import io.pgshift.playbook.StepFields;
import io.pgshift.playbook.TableRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code create_table}. The new table is used by no one yet; the only contended lock is the
 * SHARE ROW EXCLUSIVE that a column {@code references} takes, briefly, on the referenced table
 * (no scan: the new table is empty).
 */
public final class CreateTableOperation implements Operation {
    public static final OperationType<CreateTable> TYPE = new Type();

    private final CreateTable spec;

    public CreateTableOperation(CreateTable spec) {
        this.spec = spec;
    }

    @Override
    public StepKind kind() {
        return StepKind.CREATE_TABLE;
    }

    @Override
    public String summary() {
        return "create table " + spec.table().display() + " (" + spec.columns().size() + " columns)";
    }

    @Override
    public List<Statement> apply() {
        List<String> parts = new ArrayList<>();
        for (ColumnDef c : spec.columns()) {
            parts.add(column(c));
        }
        if (!spec.primaryKey().isEmpty()) {
            parts.add("PRIMARY KEY (" + Quoting.idents(spec.primaryKey()) + ")");
        }
        String sql = "CREATE TABLE IF NOT EXISTS " + spec.table().sql() + " (\n    "
                + String.join(",\n    ", parts) + "\n)";
        TableRef contended = spec.columns().stream().map(ColumnDef::references)
                .filter(r -> r != null).map(ForeignKeyRef::table).findFirst().orElse(null);
        return List.of(contended == null
                ? Statements.metadata(sql, spec.table(), LockMode.NONE, null)
                : Statements.metadata(sql, contended, LockMode.SHARE_ROW_EXCLUSIVE, null));
    }

    private static String column(ColumnDef c) {
        StringBuilder sb = new StringBuilder(Quoting.ident(c.name())).append(' ').append(c.type());
        if (!c.nullable()) {
            sb.append(" NOT NULL");
        }
        if (c.defaultExpr() != null) {
            sb.append(" DEFAULT ").append(c.defaultExpr());
        }
        if (c.references() != null) {
            ForeignKeyRef r = c.references();
            sb.append(" REFERENCES ").append(r.table().sql()).append(" (").append(Quoting.ident(r.column())).append(")")
                    .append(" ON DELETE ").append(r.onDelete().sql());
        }
        return sb.toString();
    }

    @Override
    public List<Statement> rollback(boolean dropData) {
        if (!dropData) {
            return List.of();
        }
        return List.of(Statements.metadata("DROP TABLE IF EXISTS " + spec.table().sql(), spec.table(),
                LockMode.ACCESS_EXCLUSIVE, null));
    }

    private static final class Type implements OperationType<CreateTable> {
        private static final String[] COLUMN_KEYS = {"name", "type", "nullable", "default", "references"};

        @Override
        public String key() {
            return "create_table";
        }

        @Override
        public Phase phase() {
            return Phase.EXPAND;
        }

        @Override
        public Class<CreateTable> model() {
            return CreateTable.class;
        }

        @Override
        public List<String> fields() {
            return List.of("table", "columns", "primary_key");
        }

        @Override
        public CreateTable parse(StepFields m) {
            TableRef table = m.requireTable("table");
            List<ColumnDef> columns = new ArrayList<>();
            Set<String> seen = new LinkedHashSet<>();
            for (StepFields c : m.mappings("columns", true, COLUMN_KEYS)) {
                ColumnDef column = column(c);
                if (column.name() == null) {
                    continue;
                }
                if (!seen.add(column.name())) {
                    c.problem("name", "duplicate column '" + column.name() + "'");
                } else {
                    columns.add(column);
                }
            }
            List<String> primaryKey = m.identifiers("primary_key", false);
            for (int i = 0; i < primaryKey.size(); i++) {
                if (!seen.contains(primaryKey.get(i))) {
                    m.problemAt("primary_key", i, "primary key column '" + primaryKey.get(i)
                            + "' is not among the columns: " + String.join(", ", seen.stream().sorted().toList().toArray(String[]::new)));
                }
            }
            m.claim(ClaimedName.TABLE, table == null ? null : table.display(), "table");
            return new CreateTable(table, columns, primaryKey);
        }

        private static ColumnDef column(StepFields c) {
            String name = c.requireIdentifier("name");
            String type = c.requireChecked("type", Identifiers::checkNewColumnType);
            boolean nullable = c.bool("nullable", true);
            String defaultExpr = c.optionalExpression("default");
            StepFields ref = c.optionalMap("references", "table", "column", "on_delete");
            ForeignKeyRef references = ref == null ? null
                    : new ForeignKeyRef(ref.requireTable("table"), ref.requireIdentifier("column"), ReferentialAction.read(ref));
            return new ColumnDef(name, type, nullable, defaultExpr, references);
        }

        @Override
        public Operation operation(CreateTable step) {
            return new CreateTableOperation(step);
        }

        @Override
        public void simulate(SimulationScope sim, String path, CreateTable create) {
            VirtualSchema schema = sim.schema();
            Optional<VirtualTable> existing = schema.table(create.table());
            Optional<Character> kind = schema.relationKind(create.table());
            if (existing.isPresent()) {
                Map<String, String> have = columnTypes(existing.get().columns());
                Map<String, String> want = new LinkedHashMap<>();
                create.columns().forEach(c -> want.put(c.name(), TypeNames.normalise(c.type())));
                if (have.equals(want)) {
                    sim.markPresentIf(path, sim.catalog().table(create.table()).isPresent());
                } else {
                    sim.conflict(path, "table " + PlanProblem.quote(create.table()), describe(have), describe(want));
                }
                return;
            }
            if (kind.isPresent()) {
                sim.conflict(path, "relation " + PlanProblem.quote(create.table()), VirtualSchema.kindName(kind.get()),
                        "a table");
                return;
            }
            VirtualTable table = schema.createTable(create.table());
            for (ColumnDef c : create.columns()) {
                boolean inKey = create.primaryKey().contains(c.name());
                table.addColumn(c.name(), c.type(), inKey || !c.nullable(), c.defaultExpr());
            }
            if (sim.requireColumns(path + ".primary_key", table, create.primaryKey()) && !create.primaryKey().isEmpty()) {
                String name = create.table().name() + "_pkey";
                table.putIndex(new IndexInfo(name, create.primaryKey(), true, true, true, false, null));
                table.putConstraint(new ConstraintInfo(name, 'p', create.primaryKey(),
                        "PRIMARY KEY (" + String.join(", ", create.primaryKey()) + ")", true, null, null));
                schema.registerIndex(create.table(), name);
            }
            for (int j = 0; j < create.columns().size(); j++) {
                ColumnDef c = create.columns().get(j);
                if (c.references() != null) {
                    String refPath = path + ".columns[" + j + "].references";
                    sim.requireTable(refPath + ".table", c.references().table()).ifPresent(target -> {
                        if (sim.requireColumns(refPath + ".column", target, List.of(c.references().column()))) {
                            sim.checkForeignKey(refPath, table, List.of(c.name()), target, List.of(c.references().column()));
                        }
                    });
                }
            }
        }

        private static Map<String, String> columnTypes(List<ColumnInfo> columns) {
            Map<String, String> types = new LinkedHashMap<>();
            columns.forEach(c -> types.put(c.name(), TypeNames.normalise(c.type())));
            return types;
        }

        private static String describe(Map<String, String> columns) {
            return columns.entrySet().stream().map(e -> PlanProblem.quote(e.getKey()) + " " + e.getValue())
                    .collect(Collectors.joining(", ", "(", ")"));
        }

        @Override
        public void needs(CreateTable step, TableNeeds.Builder needs) {
            needs.add(step.table(), TableNeeds.Need.CREATE_IN_SCHEMA);
            step.columns().stream().map(ColumnDef::references).filter(r -> r != null)
                    .forEach(r -> needs.add(r.table(), TableNeeds.Need.REFERENCES));
        }

        @Override
        public List<TableRef> createdRelations(CreateTable step) {
            return List.of(step.table());
        }
    }
}
