package io.pgshift.playbook;

/**
 * Batch sizing of a backfill: starts at {@code size} rows and adapts toward {@code targetMs}
 * per batch, within {@code [minSize, maxSize]}; {@code pauseMs} is slept between batches.
 * The defaults are the workers' measured defaults (docs/BENCHMARKS.md): short batches with a
 * pause keep a live OLTP load's p99 within 2x of its baseline on a small machine.
 */
public record BatchSpec(int size, int targetMs, int minSize, int maxSize, int pauseMs) {
    public static final BatchSpec DEFAULT = new BatchSpec(io.pgshift.backfill.BatchSettings.DEFAULTS.size(),
            io.pgshift.backfill.BatchSettings.DEFAULTS.targetMs(), io.pgshift.backfill.BatchSettings.DEFAULTS.minSize(),
            io.pgshift.backfill.BatchSettings.DEFAULTS.maxSize(), io.pgshift.backfill.BatchSettings.DEFAULTS.pauseMs());
}
