package io.pgshift.operation;

import io.pgshift.plan.LockMode;
import io.pgshift.plan.Statement;
import io.pgshift.plan.StepKind;
import io.pgshift.playbook.ColumnDef;
import io.pgshift.playbook.CreateTable;
import io.pgshift.playbook.ForeignKeyRef;
import io.pgshift.playbook.Sql;
import io.pgshift.playbook.TableRef;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code create_table}. The new table is used by no one yet; the only contended lock is the
 * SHARE ROW EXCLUSIVE that a column {@code references} takes, briefly, on the referenced table
 * (no scan: the new table is empty).
 */
public final class CreateTableOperation implements Operation {
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
            parts.add("PRIMARY KEY (" + Sql.idents(spec.primaryKey()) + ")");
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
        StringBuilder sb = new StringBuilder(Sql.ident(c.name())).append(' ').append(c.type());
        if (!c.nullable()) {
            sb.append(" NOT NULL");
        }
        if (c.defaultExpr() != null) {
            sb.append(" DEFAULT ").append(c.defaultExpr());
        }
        if (c.references() != null) {
            ForeignKeyRef r = c.references();
            sb.append(" REFERENCES ").append(r.table().sql()).append(" (").append(Sql.ident(r.column())).append(")")
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
}
