package io.pgshift.backfill;

/**
 * Batch sizing and pace: start at {@code size} rows, adapt toward {@code targetMs} per batch
 * within {@code [minSize, maxSize]}, and sleep {@code pauseMs} between batches so that live
 * traffic waiting on the batch's row locks gets through.
 */
public record BatchSettings(int size, int targetMs, int minSize, int maxSize, int pauseMs) {
    /**
     * Defaults from docs/BENCHMARKS.md: 20 ms batches hold the rows they lock briefly, and a
     * 40 ms pace leaves the database two thirds of the time for live traffic. Measured on 2
     * cores: 100 ms / 10 ms ran 2.5x faster but put the load's p99 at 4x its baseline.
     */
    public static final BatchSettings DEFAULTS = new BatchSettings(1000, 20, 100, 20_000, 40);

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
