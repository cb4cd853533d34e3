package io.pgshift.backfill;

import java.time.Duration;

/** One reading of what the throttle watches. Replication lag is zero without replicas. */
public record ThrottleSignals(Duration replicationLag, int lockWaiters) {
}
