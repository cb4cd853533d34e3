package io.pgshift.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.playbook.LockRetries;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The retry policy, with an injected sleeper: nothing here really waits. */
class BackoffTest {
    private static final LockRetries RETRIES = new LockRetries(8, Duration.ofMillis(100), Duration.ofSeconds(2));
    private static final SQLException LOCK_TIMEOUT = new SQLException("canceling statement due to lock timeout", "55P03");
    private static final SQLException LOST = new SQLException("An I/O error occurred while sending to the backend.", "08006",
            new java.net.SocketTimeoutException("Read timed out"));

    private final List<Duration> waits = new ArrayList<>();
    private final RetryLoop loop = new RetryLoop(waits::add, new SplittableRandom(42));

    @Test
    void ceilingDoublesFromInitialAndStopsAtMax() {
        var backoff = new Backoff(RETRIES, Jitter.EQUAL);
        assertEquals(List.of(100L, 200L, 400L, 800L, 1600L, 2000L, 2000L),
                List.of(1, 2, 3, 4, 5, 6, 7).stream().map(a -> backoff.ceiling(a).toMillis()).toList());
        assertEquals(Duration.ofSeconds(2), backoff.ceiling(10_000), "no overflow after many attempts");
    }

    @Test
    void lockTimeoutsAreRetriedUntilMaxAttemptsWithGrowingCappedJitteredWaits() throws Exception {
        var backoff = new Backoff(RETRIES, Jitter.EQUAL);
        var attempts = new AtomicInteger();
        var gaveUp = assertThrows(RetryLoop.GaveUp.class, () -> loop.run(backoff, attempt -> {
            attempts.incrementAndGet();
            throw LOCK_TIMEOUT;
        }, (attempt, error, kind, wait) -> assertEquals(Retryable.LOCK_TIMEOUT, kind)));

        assertEquals(8, attempts.get());
        assertEquals(8, gaveUp.attempts());
        assertTrue(gaveUp.exhausted());
        assertEquals(7, waits.size(), "one wait between each two attempts, none after the last");
        for (int i = 0; i < waits.size(); i++) {
            long ceiling = backoff.ceiling(i + 1).toNanos();
            long wait = waits.get(i).toNanos();
            assertTrue(wait >= ceiling / 2 && wait <= ceiling, "wait " + i + " = " + waits.get(i));
            assertTrue(wait <= RETRIES.maxBackoff().toNanos());
        }
        // equal jitter: each lower bound is the previous ceiling, so the waits grow until the cap
        for (int i = 1; i < 5; i++) {
            assertTrue(waits.get(i).compareTo(waits.get(i - 1)) >= 0, "waits grow: " + waits);
        }
    }

    @Test
    void fullJitterSpreadsWaitsBetweenZeroAndTheCeiling() {
        var backoff = new Backoff(RETRIES, Jitter.FULL);
        var random = new SplittableRandom(7);
        var distinct = new HashSet<Duration>();
        for (int i = 0; i < 200; i++) {
            Duration d = backoff.delay(3, random);
            assertFalse(d.isNegative());
            assertTrue(d.compareTo(Duration.ofMillis(400)) <= 0, d.toString());
            distinct.add(d);
        }
        assertTrue(distinct.size() > 100, "jittered, not constant");
        assertTrue(distinct.stream().anyMatch(d -> d.compareTo(Duration.ofMillis(200)) < 0),
                "full jitter reaches below half the ceiling");
    }

    @Test
    void succeedsAfterTransientFailuresAndReportsTheLastError() throws Exception {
        var backoff = new Backoff(RETRIES, Jitter.EQUAL);
        var done = loop.run(backoff, attempt -> {
            if (attempt < 3) {
                throw LOCK_TIMEOUT;
            }
            return "ok";
        }, (attempt, error, kind, wait) -> { });
        assertEquals("ok", done.value());
        assertEquals(3, done.attempts());
        assertEquals(LOCK_TIMEOUT, done.lastError());
        assertEquals(2, waits.size());
    }

    @Test
    void aLostConnectionIsRetriedOnceAndLostAgainTheDatabaseCountsAsUnreachable() {
        var backoff = new Backoff(RETRIES, Jitter.EQUAL);
        var attempts = new AtomicInteger();
        var gaveUp = assertThrows(RetryLoop.GaveUp.class, () -> loop.run(backoff, attempt -> {
            attempts.incrementAndGet();
            throw attempt == 1 ? LOST : new SQLException("The connection attempt failed.", "08001");
        }, (attempt, error, kind, wait) -> assertEquals(Retryable.CONNECTION, kind)));
        assertEquals(RetryLoop.CONNECTION_LOSSES, attempts.get(), "not the whole lock budget of " + RETRIES.maxAttempts());
        assertEquals(Retryable.CONNECTION, gaveUp.kind());
        assertEquals(1, waits.size());
    }

    @Test
    void connectionLossesWithOtherFailuresBetweenThemAreBlipsAndRetried() throws Exception {
        var backoff = new Backoff(RETRIES, Jitter.EQUAL);
        var done = loop.run(backoff, attempt -> switch (attempt) {
            case 1, 3 -> throw LOST;
            case 2 -> throw LOCK_TIMEOUT;
            default -> "ok";
        }, (attempt, error, kind, wait) -> { });
        assertEquals("ok", done.value());
        assertEquals(4, done.attempts());
    }

    @Test
    void unclassifiedErrorStopsAtTheFirstAttemptWithoutWaiting() {
        var backoff = new Backoff(RETRIES, Jitter.EQUAL);
        var gaveUp = assertThrows(RetryLoop.GaveUp.class, () -> loop.run(backoff, attempt -> {
            throw new SQLException("syntax error", "42601");
        }, (attempt, error, kind, wait) -> { }));
        assertEquals(1, gaveUp.attempts());
        assertFalse(gaveUp.exhausted());
        assertTrue(waits.isEmpty());
    }

    @Test
    void interruptionDuringTheWaitStopsRetrying() {
        var interrupting = new RetryLoop(d -> {
            throw new InterruptedException("pause");
        }, new SplittableRandom(1));
        var attempts = new AtomicInteger();
        assertThrows(InterruptedException.class, () -> interrupting.run(new Backoff(RETRIES, Jitter.EQUAL), a -> {
            attempts.incrementAndGet();
            throw LOCK_TIMEOUT;
        }, (attempt, error, kind, wait) -> { }));
        assertEquals(1, attempts.get());
    }

    @Test
    void anInterruptedThreadMakesNoFurtherAttempt() {
        Thread.currentThread().interrupt();
        var attempts = new AtomicInteger();
        assertThrows(InterruptedException.class, () -> loop.run(new Backoff(RETRIES, Jitter.EQUAL), a -> {
            attempts.incrementAndGet();
            return a;
        }, (attempt, error, kind, wait) -> { }));
        assertEquals(0, attempts.get());
        assertFalse(Thread.currentThread().isInterrupted(), "the flag was consumed by the InterruptedException");
    }

    @Test
    void rejectsRetrySettingsThatCannotBeFollowed() {
        assertThrows(IllegalArgumentException.class,
                () -> new Backoff(new LockRetries(0, Duration.ofMillis(1), Duration.ofMillis(2)), Jitter.EQUAL));
        assertThrows(IllegalArgumentException.class,
                () -> new Backoff(new LockRetries(3, Duration.ofSeconds(2), Duration.ofSeconds(1)), Jitter.EQUAL));
    }
}
