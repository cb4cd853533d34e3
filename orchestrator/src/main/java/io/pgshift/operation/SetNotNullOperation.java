package io.pgshift.operation;

import io.pgshift.plan.LockMode;
import io.pgshift.plan.Statement;
import io.pgshift.plan.StepKind;
import io.pgshift.playbook.Names;
import io.pgshift.playbook.SetNotNull;
import io.pgshift.playbook.Sql;
import java.util.List;

/**
 * {@code set_not_null} without a long lock: a NOT VALID check (instant), VALIDATE (scans under
 * SHARE UPDATE EXCLUSIVE while traffic goes on), then SET NOT NULL, which PostgreSQL 12+ proves
 * from the validated check instead of scanning under ACCESS EXCLUSIVE, then the check is dropped.
 */
public final class SetNotNullOperation implements Operation {
    private final SetNotNull spec;

    public SetNotNullOperation(SetNotNull spec) {
        this.spec = spec;
    }

    /** The temporary check's name. */
    public static String checkName(SetNotNull spec) {
        return Names.generated(spec.table(), List.of(spec.column()), "not_null");
    }

    @Override
    public StepKind kind() {
        return StepKind.SET_NOT_NULL;
    }

    @Override
    public String summary() {
        return "set not null " + spec.table().display() + "." + spec.column();
    }

    @Override
    public List<Statement> apply() {
        var table = spec.table();
        String check = checkName(spec);
        String column = Sql.ident(spec.column());
        String done = Guards.columnNotNull(table, spec.column());
        return List.of(
                Statements.metadata("ALTER TABLE " + table.sql() + " ADD CONSTRAINT " + Sql.ident(check)
                        + " CHECK (" + column + " IS NOT NULL) NOT VALID", table, LockMode.ACCESS_EXCLUSIVE,
                        "SELECT (" + done + ") OR (" + Guards.constraintExists(table, check) + ")"),
                withGuard(Statements.validate(table, check), done),
                Statements.metadata("ALTER TABLE " + table.sql() + " ALTER COLUMN " + column + " SET NOT NULL",
                        table, LockMode.ACCESS_EXCLUSIVE, null),
                Statements.dropConstraint(table, check));
    }

    private static Statement withGuard(Statement s, String guard) {
        return new Statement(s.sql(), s.table(), s.lock(), s.impact(), s.tx(), s.timeout(), guard);
    }

    @Override
    public List<Statement> rollback(boolean dropData) {
        var table = spec.table();
        return List.of(Statements.metadata("ALTER TABLE " + table.sql() + " ALTER COLUMN " + Sql.ident(spec.column())
                        + " DROP NOT NULL", table, LockMode.ACCESS_EXCLUSIVE, null),
                Statements.dropConstraint(table, checkName(spec)));
    }
}
