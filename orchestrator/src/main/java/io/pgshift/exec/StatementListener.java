package io.pgshift.exec;

import io.pgshift.plan.Statement;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Hears what the executor does, for the audit log and the step rows. Every method defaults to a
 * no-op; {@link #NONE} listens to nothing. Called on the executing thread: keep it quick.
 */
public interface StatementListener {
    StatementListener NONE = new StatementListener() {
    };

    /**
     * An attempt failed with a retryable error and another follows after {@code nextWait}. The
     * final failure is not reported here: it is the exception {@code execute} throws.
     */
    default void attemptFailed(Statement statement, int attempt, SQLException error, Duration nextWait) {
    }

    default void executed(Statement statement, StatementOutcome outcome) {
    }

    /** The statement's guard said its effect is already present, so it did not run. */
    default void skipped(Statement statement) {
    }
}
