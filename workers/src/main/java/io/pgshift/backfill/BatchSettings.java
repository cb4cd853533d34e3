package io.pgshift.backfill;

/**
 * Batch sizing and pace: start at {@code size} rows, adapt toward {@code targetMs} per batch
 * within {@code [minSize, maxSize]}, and sleep {@code pauseMs} between batches so that live
 * traffic waiting on the batch's row locks gets through. With {@link Pace#AUTO} the
 * {@link Pacer} sets the target and the pause from what it sees of the database, and
 * {@code targetMs} / {@code pauseMs} only apply until its first reading.
 */
public record BatchSettings(int size, int targetMs, int minSize, int maxSize, int pauseMs, Pace pace) {
    /**
     * Defaults from docs/BENCHMARKS.md: paced by the database's activity. The fixed values
     * (8 ms batches, 16 ms pauses: a live load's p99 follows the batch's length, throughput the
     * share of time in batches) hold until the pacer's first reading.
     */
    public static final BatchSettings DEFAULTS = new BatchSettings(1000, 8, 100, 20_000, 16, Pace.AUTO);

    /** Settings given explicitly: a fixed pace. */
    public BatchSettings(int size, int targetMs, int minSize, int maxSize, int pauseMs) {
        this(size, targetMs, minSize, maxSize, pauseMs, Pace.FIXED);
    }

    public BatchSettings {
        java.util.Objects.requireNonNull(pace, "pace");
        if (minSize <= 0 || maxSize < minSize || size < minSize || size > maxSize) {
            throw new IllegalArgumentException("batch sizes must satisfy 0 < min_size <= size <= max_size, got min "
                    + minSize + ", size " + size + ", max " + maxSize);
        }
        if (targetMs <= 0 || pauseMs < 0) {
            throw new IllegalArgumentException("target_ms must be > 0 and pause_ms >= 0, got " + targetMs + " and " + pauseMs);
        }
    }
}
