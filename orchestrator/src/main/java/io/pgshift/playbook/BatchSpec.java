package io.pgshift.playbook;

/**
 * Batch sizing of a backfill: starts at {@code size} rows and adapts toward {@code targetMs}
 * per batch, within {@code [minSize, maxSize]}; {@code pauseMs} is slept between batches.
 */
public record BatchSpec(int size, int targetMs, int minSize, int maxSize, int pauseMs) {
    public static final BatchSpec DEFAULT = new BatchSpec(1000, 200, 100, 50_000, 0);
}
