package io.pgshift.backfill;

import java.time.Duration;
import java.util.Objects;

/**
 * When the backfill stops to let the database recover: replication lag above
 * {@code maxReplicationLag}, or more than {@code maxLockWaiters} sessions waiting for a lock on
 * the table. It resumes only once both are back below half their limit (hysteresis), so it
 * does not flap around the threshold.
 */
public record ThrottleSettings(Duration maxReplicationLag, int maxLockWaiters) {
    public static final ThrottleSettings DEFAULTS = new ThrottleSettings(Duration.ofSeconds(5), 3);

    public ThrottleSettings {
        Objects.requireNonNull(maxReplicationLag, "maxReplicationLag");
        if (maxReplicationLag.isNegative() || maxReplicationLag.isZero() || maxLockWaiters < 0) {
            throw new IllegalArgumentException("max_replication_lag must be > 0 and max_lock_waiters >= 0");
        }
    }
}
