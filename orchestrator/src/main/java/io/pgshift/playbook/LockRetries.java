package io.pgshift.playbook;

import java.time.Duration;

/** How a DDL statement that hits lock_timeout is retried: bounded, with jittered exponential backoff. */
public record LockRetries(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
    public static final LockRetries DEFAULT = new LockRetries(30, Duration.ofMillis(200), Duration.ofSeconds(30));
}
