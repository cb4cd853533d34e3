package io.pgshift.operation;

import io.pgshift.plan.LockMode;
import io.pgshift.plan.Statement;
import io.pgshift.plan.StepKind;
import io.pgshift.playbook.AddForeignKey;
import io.pgshift.playbook.Sql;
import java.util.List;

/**
 * {@code add_foreign_key}: added NOT VALID (SHARE ROW EXCLUSIVE on both tables, no scan), then
 * validated under SHARE UPDATE EXCLUSIVE while reads and writes continue.
 */
public final class AddForeignKeyOperation implements Operation {
    private final AddForeignKey spec;

    public AddForeignKeyOperation(AddForeignKey spec) {
        this.spec = spec;
    }

    @Override
    public StepKind kind() {
        return StepKind.ADD_FOREIGN_KEY;
    }

    @Override
    public String summary() {
        return "add foreign key " + spec.name() + " " + spec.table().display() + " (" + String.join(", ", spec.columns())
                + ") -> " + spec.referencedTable().display() + " (" + String.join(", ", spec.referencedColumns()) + ")";
    }

    @Override
    public List<Statement> apply() {
        var table = spec.table();
        String sql = "ALTER TABLE " + table.sql() + " ADD CONSTRAINT " + Sql.ident(spec.name()) + " FOREIGN KEY ("
                + Sql.idents(spec.columns()) + ") REFERENCES " + spec.referencedTable().sql() + " ("
                + Sql.idents(spec.referencedColumns()) + ") ON DELETE " + spec.onDelete().sql() + " NOT VALID";
        return List.of(Statements.metadata(sql, table, LockMode.SHARE_ROW_EXCLUSIVE,
                        Guards.constraintExists(table, spec.name())),
                Statements.validate(table, spec.name()));
    }

    @Override
    public List<Statement> rollback(boolean dropData) {
        return List.of(Statements.dropConstraint(spec.table(), spec.name()));
    }
}
