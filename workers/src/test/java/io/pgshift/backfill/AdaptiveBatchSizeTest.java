package io.pgshift.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AdaptiveBatchSizeTest {
    @Test
    void growsTowardTargetWhenBatchesAreFast() {
        var size = new AdaptiveBatchSize(1000, 100, 100, 50_000);
        for (int i = 0; i < 20; i++) {
            // each row costs 0.01 ms, so the target of 100 ms is reached at 10,000 rows
            size.record(Duration.ofMillis(Math.round(size.current() * 0.01)), size.current());
        }
        assertTrue(Math.abs(size.current() - 10_000) < 500, "converged to " + size.current());
    }

    @Test
    void shrinksWhenBatchesAreSlowButAtMostHalvesPerBatch() {
        var size = new AdaptiveBatchSize(10_000, 100, 100, 50_000);
        size.record(Duration.ofMillis(10_000), 10_000);
        assertEquals(7071, size.current(), "damped: sqrt(0.5) of the old size, not 1/100");
    }

    @Test
    void staysWithinBounds() {
        var size = new AdaptiveBatchSize(1000, 100, 500, 2000);
        for (int i = 0; i < 10; i++) {
            size.record(Duration.ofMillis(1), size.current());
        }
        assertEquals(2000, size.current());
        for (int i = 0; i < 10; i++) {
            size.record(Duration.ofMillis(100_000), size.current());
        }
        assertEquals(500, size.current());
    }

    @Test
    void shortLastBatchDoesNotChangeTheSize() {
        var size = new AdaptiveBatchSize(1000, 100, 100, 50_000);
        size.record(Duration.ofMillis(1), 10);
        assertEquals(1000, size.current());
    }

    @Test
    void timeoutHalvesAtOnce() {
        var size = new AdaptiveBatchSize(1000, 100, 300, 50_000);
        size.onTimeout();
        assertEquals(500, size.current());
        size.onTimeout();
        assertEquals(300, size.current());
    }

    @Test
    void readsBatchTimesBelowAMillisecondApart() {
        // a 2 ms target: 2.9 ms batches are over it and shrink the size, 1.4 ms ones under it and grow it
        var slow = new AdaptiveBatchSize(1000, 2, 100, 50_000);
        slow.record(Duration.ofNanos(2_900_000), 1000);
        assertTrue(slow.current() < 1000, "size after a 2.9 ms batch: " + slow.current());
        var quick = new AdaptiveBatchSize(1000, 2, 100, 50_000);
        quick.record(Duration.ofNanos(1_400_000), 1000);
        assertTrue(quick.current() > 1000, "size after a 1.4 ms batch: " + quick.current());
    }
}
