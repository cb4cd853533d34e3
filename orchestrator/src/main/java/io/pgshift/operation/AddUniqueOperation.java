package io.pgshift.operation;

import io.pgshift.plan.LockMode;
import io.pgshift.plan.Statement;
import io.pgshift.plan.StepKind;
import io.pgshift.playbook.AddUnique;
import io.pgshift.playbook.Sql;
import java.util.List;

/**
 * {@code add_unique}: the unique index is built CONCURRENTLY (the long part, writes go on), then
 * attached as a constraint with {@code USING INDEX}, which only touches the catalog.
 */
public final class AddUniqueOperation implements Operation {
    private final AddUnique spec;

    public AddUniqueOperation(AddUnique spec) {
        this.spec = spec;
    }

    @Override
    public StepKind kind() {
        return StepKind.ADD_UNIQUE;
    }

    @Override
    public String summary() {
        return "add unique " + spec.name() + " on " + spec.table().display() + " (" + String.join(", ", spec.columns()) + ")";
    }

    @Override
    public List<Statement> apply() {
        var table = spec.table();
        String name = Sql.ident(spec.name());
        String attached = Guards.constraintExists(table, spec.name());
        return List.of(
                Statements.dropInvalidIndex(table, spec.name()),
                Statements.buildIndexConcurrently("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS " + name + " ON "
                        + table.sql() + " (" + Sql.idents(spec.columns()) + ")", table, attached),
                Statements.metadata("ALTER TABLE " + table.sql() + " ADD CONSTRAINT " + name + " UNIQUE USING INDEX "
                        + name, table, LockMode.ACCESS_EXCLUSIVE, attached));
    }

    @Override
    public List<Statement> rollback(boolean dropData) {
        // Dropping the constraint drops its index; the second statement covers a build not yet attached.
        return List.of(Statements.dropConstraint(spec.table(), spec.name()),
                Statements.dropIndex(spec.table(), spec.name()));
    }
}
