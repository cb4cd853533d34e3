package io.pgshift.playbook;

import java.time.Duration;

/** Signals that pause a backfill: replica lag above {@code maxReplicationLag}, or more lock waiters on the table. */
public record ThrottleSpec(Duration maxReplicationLag, int maxLockWaiters) {
    public static final ThrottleSpec DEFAULT = new ThrottleSpec(Duration.ofSeconds(5), 3);
}
