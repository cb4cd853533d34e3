package io.pgshift.backfill;

import java.time.Duration;

/**
 * One reading of what the throttle and the pacer watch. Replication lag is zero without
 * replicas. {@code busySessions}: client sessions other than pgshift's that ran something in the
 * last second (or are running now); {@code hiddenSessions}: client sessions whose activity this
 * role may not see (it lacks {@code pg_read_all_stats}), which the pacer counts as busy.
 */
public record ThrottleSignals(Duration replicationLag, int lockWaiters, int busySessions, int hiddenSessions) {
    /** Lag and lock waiters only, the others none: what the hold decision reads. */
    public ThrottleSignals(Duration replicationLag, int lockWaiters) {
        this(replicationLag, lockWaiters, 0, 0);
    }
}
