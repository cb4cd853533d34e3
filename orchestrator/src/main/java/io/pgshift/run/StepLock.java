package io.pgshift.run;

import io.pgshift.plan.LockMode;
import io.pgshift.plan.PlannedStep;
import io.pgshift.plan.Statement;
import java.util.Comparator;
import java.util.Optional;

/**
 * The strongest table lock a step takes and the table it takes it on: what an operator wants to
 * know before and while the step runs. A step's weaker locks on other tables are left out.
 *
 * @param table the table's display name, or null for a lock on no table
 */
public record StepLock(LockMode mode, String table) {
    /** The strongest lock among the step's statements; empty for a step without statements. */
    public static Optional<StepLock> of(PlannedStep step) {
        return step.statements().stream().max(Comparator.comparing(Statement::lock))
                .map(s -> new StepLock(s.lock(), s.table()));
    }
}
