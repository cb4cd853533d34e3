package io.pgshift.backfill;

/**
 * Batch sizing and pace: start at {@code size} rows, adapt toward {@code targetMs} per batch
 * within {@code [minSize, maxSize]}, and sleep {@code pauseMs} between batches so that live
 * traffic waiting on the batch's row locks gets through.
 */
public record BatchSettings(int size, int targetMs, int minSize, int maxSize, int pauseMs) {
    /** Defaults from docs/BENCHMARKS.md: short batches keep the row locks held briefly. */
    public static final BatchSettings DEFAULTS = new BatchSettings(1000, 100, 100, 20_000, 10);

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
