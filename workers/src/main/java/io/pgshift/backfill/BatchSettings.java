package io.pgshift.backfill;

/**
 * Batch sizing and pace: start at {@code size} rows, adapt toward {@code targetMs} per batch
 * within {@code [minSize, maxSize]}, and sleep {@code pauseMs} between batches so that live
 * traffic waiting on the batch's row locks gets through.
 */
public record BatchSettings(int size, int targetMs, int minSize, int maxSize, int pauseMs) {
    /**
     * Defaults from docs/BENCHMARKS.md. A live load's p99 during a backfill follows the batch's
     * length (measured on 2 cores: 20 ms batches 10.7 ms, 8 ms batches 8.4 ms, 4 ms batches
     * 5.6 ms), while throughput follows the share of time spent in batches: 8 ms batches with
     * 16 ms pauses keep the database two thirds of the time for live traffic and ran exactly as
     * fast as the former 20 / 40 ms, with a lower tail.
     */
    public static final BatchSettings DEFAULTS = new BatchSettings(1000, 8, 100, 20_000, 16);

    public BatchSettings {
        if (minSize <= 0 || maxSize < minSize || size < minSize || size > maxSize) {
            throw new IllegalArgumentException("batch sizes must satisfy 0 < min_size <= size <= max_size, got min "
                    + minSize + ", size " + size + ", max " + maxSize);
        }
        if (targetMs <= 0 || pauseMs < 0) {
            throw new IllegalArgumentException("target_ms must be > 0 and pause_ms >= 0, got " + targetMs + " and " + pauseMs);
        }
    }
}
