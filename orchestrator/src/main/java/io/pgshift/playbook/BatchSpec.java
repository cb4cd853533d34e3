package io.pgshift.playbook;

import io.pgshift.backfill.BatchSettings;
import io.pgshift.backfill.Pace;

/**
 * Batch sizing of a backfill: starts at {@code size} rows and adapts toward {@code targetMs}
 * per batch, within {@code [minSize, maxSize]}; {@code pauseMs} is slept between batches.
 * {@code pace: auto} (the default) lets the workers' pacer set the target and the pause from
 * the database's activity: flat out while nobody else uses it, short batches and pauses while
 * someone does. Giving {@code target_ms} or {@code pause_ms} means {@code pace: fixed}.
 */
public record BatchSpec(int size, int targetMs, int minSize, int maxSize, int pauseMs, Pace pace) {
    public static final BatchSpec DEFAULT = new BatchSpec(BatchSettings.DEFAULTS.size(),
            BatchSettings.DEFAULTS.targetMs(), BatchSettings.DEFAULTS.minSize(), BatchSettings.DEFAULTS.maxSize(),
            BatchSettings.DEFAULTS.pauseMs(), BatchSettings.DEFAULTS.pace());

    /** Settings given explicitly: a fixed pace. */
    public BatchSpec(int size, int targetMs, int minSize, int maxSize, int pauseMs) {
        this(size, targetMs, minSize, maxSize, pauseMs, Pace.FIXED);
    }
}
