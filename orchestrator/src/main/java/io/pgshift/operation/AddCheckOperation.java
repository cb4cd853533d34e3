package io.pgshift.operation;

import io.pgshift.plan.LockMode;
import io.pgshift.plan.Statement;
import io.pgshift.plan.StepKind;
import io.pgshift.playbook.AddCheck;
import io.pgshift.playbook.Sql;
import java.util.List;

/** {@code add_check}: NOT VALID (instant, ACCESS EXCLUSIVE), then VALIDATE (scan, SHARE UPDATE EXCLUSIVE). */
public final class AddCheckOperation implements Operation {
    private final AddCheck spec;

    public AddCheckOperation(AddCheck spec) {
        this.spec = spec;
    }

    @Override
    public StepKind kind() {
        return StepKind.ADD_CHECK;
    }

    @Override
    public String summary() {
        return "add check " + spec.name() + " on " + spec.table().display() + ": " + spec.check();
    }

    @Override
    public List<Statement> apply() {
        var table = spec.table();
        String sql = "ALTER TABLE " + table.sql() + " ADD CONSTRAINT " + Sql.ident(spec.name()) + " CHECK ("
                + spec.check() + ") NOT VALID";
        return List.of(Statements.metadata(sql, table, LockMode.ACCESS_EXCLUSIVE,
                        Guards.constraintExists(table, spec.name())),
                Statements.validate(table, spec.name()));
    }

    @Override
    public List<Statement> rollback(boolean dropData) {
        return List.of(Statements.dropConstraint(spec.table(), spec.name()));
    }
}
