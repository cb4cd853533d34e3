package io.pgshift.exec;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Runs an attempt until it succeeds, fails with an unclassified error, or the attempts allowed
 * by a {@link Backoff} are used up, waiting a jittered, growing time in between. Knows nothing
 * of JDBC connections: it is the policy, tested without a database.
 *
 * <p>A plain loop rather than resilience4j's {@code Retry}: between attempts pgshift must re-check
 * guards, reopen a dead connection, redo the earlier statements of a concurrent index step and
 * report the wait it chose; here each of those is a line in the attempt, not a callback.
 *
 * <p>A lost connection is retried once, on a new connection: a terminated session, a restarted
 * server. Lost {@value #CONNECTION_LOSSES} times in a row, the database is out of reach rather
 * than blipping, and the loop gives up: waiting out an outage is the caller's (the run driver
 * waits with the reason on the run), not the lock retries' budget, which would spend its attempts
 * on reconnecting and end as if a lock were to blame.
 */
final class RetryLoop {
    /** Connection losses in a row after which the database counts as unreachable. */
    static final int CONNECTION_LOSSES = 2;

    /** One try; {@code attempt} counts from 1. */
    @FunctionalInterface
    interface Attempt<T> {
        T run(int attempt) throws SQLException;
    }

    /** Told about each failed attempt that will be retried, with the wait before the next one. */
    @FunctionalInterface
    interface RetryObserver {
        void retrying(int attempt, SQLException error, Retryable kind, Duration nextWait);
    }

    /** A result, with how many attempts it took and the last error retried over (or null). */
    record Success<T>(T value, int attempts, SQLException lastError) {
    }

    /**
     * The loop gave up: {@code kind} is NOT_RETRYABLE for an error that stops at once, a lost
     * connection when the database is out of reach, else attempts ran out.
     */
    static final class GaveUp extends Exception {
        private final int attempts;
        private final Retryable kind;

        GaveUp(int attempts, Retryable kind, SQLException error) {
            super(error);
            this.attempts = attempts;
            this.kind = kind;
        }

        int attempts() {
            return attempts;
        }

        Retryable kind() {
            return kind;
        }

        SQLException error() {
            return (SQLException) getCause();
        }

        boolean exhausted() {
            return kind.retryable();
        }
    }

    private final Sleeper sleeper;
    private final RandomGenerator random;

    RetryLoop(Sleeper sleeper, RandomGenerator random) {
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.random = Objects.requireNonNull(random, "random");
    }

    <T> Success<T> run(Backoff backoff, Attempt<T> body, RetryObserver observer) throws GaveUp, InterruptedException {
        SQLException lastError = null;
        int lossesInARow = 0;
        for (int attempt = 1; ; attempt++) {
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted before attempt " + attempt);
            }
            try {
                return new Success<>(body.run(attempt), attempt, lastError);
            } catch (SQLException e) {
                Retryable kind = RetryClassifier.classify(e);
                lossesInARow = kind.connectionLost() ? lossesInARow + 1 : 0;
                if (!kind.retryable() || !backoff.allowsAnotherAfter(attempt) || lossesInARow >= CONNECTION_LOSSES) {
                    throw new GaveUp(attempt, kind, e);
                }
                lastError = e;
                Duration wait = backoff.delay(attempt, random);
                observer.retrying(attempt, e, kind, wait);
                sleeper.sleep(wait);
            }
        }
    }
}
