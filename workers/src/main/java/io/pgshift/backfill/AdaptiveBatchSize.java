package io.pgshift.backfill;

import java.time.Duration;

/**
 * Steers the batch size toward a target batch duration. Each measurement proposes
 * {@code size * target / measured}; the step is damped (a geometric mean of old and proposed
 * size, so one slow batch, e.g. a checkpoint flush, does not halve the size) and bounded to
 * x2 / x0.5 per batch, then clamped to {@code [min, max]}. A timeout halves the size at once.
 */
public final class AdaptiveBatchSize {
    private int target;
    private final int min;
    private final int max;
    private int size;

    public AdaptiveBatchSize(BatchSettings settings) {
        this(settings.size(), settings.targetMs(), settings.minSize(), settings.maxSize());
    }

    public AdaptiveBatchSize(int start, int targetMs, int min, int max) {
        this.size = Math.max(min, Math.min(max, start));
        this.target = targetMs;
        this.min = min;
        this.max = max;
    }

    public int current() {
        return size;
    }

    /**
     * Records how long a batch of {@link #current()} rows took (scanned rows, may be fewer at a range
     * end). Read to the microsecond: in whole milliseconds a 2.9 ms batch read as 2, so batches aimed
     * at the yielding pace's 2 ms ran 2 - 3 ms.
     */
    public void record(Duration elapsed, long rowsScanned) {
        if (rowsScanned < size) {
            return; // a short last batch says nothing about the rate
        }
        double ratio = target * 1_000.0 / Math.max(1, elapsed.toNanos() / 1_000);
        double damped = Math.sqrt(Math.max(0.5, Math.min(2.0, ratio)));
        size = clamp((long) Math.round(size * damped));
    }

    /** A batch hit statement_timeout or lock_timeout: retry smaller. */
    public void onTimeout() {
        size = clamp(size / 2);
    }

    /**
     * Aims at another batch duration (the pacer's). A shorter target scales the size down at
     * once by the ratio, so that the first batch after a switch to yielding is already short; a
     * longer one lets the size grow batch by batch as measured.
     */
    public void retarget(int targetMs) {
        if (targetMs < target) {
            size = clamp((long) size * targetMs / target);
        }
        target = targetMs;
    }

    /** A live knob change: jump to {@code override} (still clamped). */
    public void override(int override) {
        size = clamp(override);
    }

    private int clamp(long value) {
        return (int) Math.max(min, Math.min(max, value));
    }
}
