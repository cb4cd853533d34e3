package io.pgshift.exec;

import java.sql.SQLException;
import java.time.Duration;

/**
 * How a statement ended.
 *
 * @param attempts          attempts made, the successful one included
 * @param total             from the first attempt to the end, backoff waits included
 * @param successfulAttempt how long the attempt that ran (or skipped) the statement took
 * @param lastError         the last error retried over, or null when the first attempt succeeded
 */
public record StatementOutcome(Status status, int attempts, Duration total, Duration successfulAttempt,
                               SQLException lastError) {
    public enum Status {
        EXECUTED,
        /** The guard found the effect already present. */
        SKIPPED
    }
}
