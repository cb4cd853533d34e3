package io.pgshift.exec;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/**
 * What a statement's retries came to when they ran out: how many attempts in how long, the kind
 * of the last failure, the sessions that blocked it and the error itself.
 *
 * @param blockers the sessions that blocked the last attempt (may be empty when they had gone)
 */
public record LockAttempts(int count, Duration elapsed, Retryable lastKind, List<Blocker> blockers,
                           SQLException lastError) {
    public LockAttempts {
        blockers = List.copyOf(blockers);
    }
}
