package io.pgshift.exec;

import io.pgshift.playbook.LockRetries;
import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Jittered exponential backoff: the ceiling starts at {@code initialBackoff}, doubles after each
 * failed attempt and stops growing at {@code maxBackoff}; the wait is drawn under it by {@link Jitter}.
 */
public record Backoff(LockRetries retries, Jitter jitter) {
    public Backoff {
        Objects.requireNonNull(retries, "retries");
        Objects.requireNonNull(jitter, "jitter");
        if (retries.maxAttempts() < 1) {
            throw new IllegalArgumentException("lock_retries.max_attempts must be at least 1, got " + retries.maxAttempts());
        }
        if (retries.initialBackoff().isNegative() || retries.maxBackoff().compareTo(retries.initialBackoff()) < 0) {
            throw new IllegalArgumentException("lock_retries needs 0 <= initial_backoff <= max_backoff, got "
                    + retries.initialBackoff() + " and " + retries.maxBackoff());
        }
    }

    /** Whether another attempt may follow attempt number {@code attempt} (1-based). */
    public boolean allowsAnotherAfter(int attempt) {
        return attempt < retries.maxAttempts();
    }

    /** The most the wait after failed attempt {@code attempt} (1-based) may be. */
    public Duration ceiling(int attempt) {
        long initial = retries.initialBackoff().toNanos();
        long max = retries.maxBackoff().toNanos();
        // Shift at most 62 places; past that the ceiling is max anyway, and the shift would overflow.
        int doublings = Math.min(attempt - 1, 62);
        long ceiling = initial > (max >> doublings) ? max : initial << doublings;
        return Duration.ofNanos(Math.min(ceiling, max));
    }

    /** The wait after failed attempt {@code attempt} (1-based), drawn with {@code random}. */
    public Duration delay(int attempt, RandomGenerator random) {
        long ceiling = ceiling(attempt).toNanos();
        long wait = switch (jitter) {
            case FULL -> random.nextLong(ceiling + 1);
            case EQUAL -> ceiling / 2 + random.nextLong(ceiling - ceiling / 2 + 1);
        };
        return Duration.ofNanos(wait);
    }
}
