package io.pgshift.operation;

import io.pgshift.plan.LockMode;
import io.pgshift.plan.Statement;
import io.pgshift.plan.StepKind;
import io.pgshift.playbook.SetDefault;
import io.pgshift.playbook.Sql;
import java.util.List;

/** {@code set_default}: catalog only, applies to rows inserted from then on. */
public final class SetDefaultOperation implements Operation {
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
                + Sql.ident(spec.column()) + " SET DEFAULT " + spec.defaultExpr(), spec.table(), LockMode.ACCESS_EXCLUSIVE, null));
    }

    @Override
    public List<Statement> rollback(boolean dropData) {
        return List.of(Statements.metadata("ALTER TABLE " + spec.table().sql() + " ALTER COLUMN "
                + Sql.ident(spec.column()) + " DROP DEFAULT", spec.table(), LockMode.ACCESS_EXCLUSIVE, null));
    }
}
