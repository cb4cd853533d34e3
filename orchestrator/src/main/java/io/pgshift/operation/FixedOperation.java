package io.pgshift.operation;

import io.pgshift.plan.Statement;
import io.pgshift.plan.StepKind;
import java.util.List;

/** An operation of statements worked out in advance: the contract steps an expand operation adds for itself. */
record FixedOperation(StepKind kind, String summary, List<Statement> statements, List<Statement> undo)
        implements Operation {
    FixedOperation {
        statements = List.copyOf(statements);
        undo = List.copyOf(undo);
    }

    @Override
    public List<Statement> apply() {
        return statements;
    }

    @Override
    public List<Statement> rollback(boolean dropData) {
        return undo;
    }
}
