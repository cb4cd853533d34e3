package io.pgshift.operation;

import io.pgshift.plan.Statement;
import io.pgshift.plan.StepKind;
import java.util.List;

/**
 * One playbook operation, as data: the statements that apply it and those that undo it.
 * Operations never touch the database; one executor runs what they return. Every statement
 * is idempotent by itself ({@code IF NOT EXISTS}) or carries a guard, so a plan can be re-run
 * from any point after a crash.
 */
public interface Operation {
    StepKind kind();

    /** One line for people: {@code add column users.preferences jsonb}. */
    String summary();

    /** The statements that apply the operation, in order. */
    List<Statement> apply();

    /**
     * The statements that undo it, in order. Operations that would destroy data written since
     * (dropping an added column or table) return them only when {@code dropData} is set.
     */
    List<Statement> rollback(boolean dropData);
}
