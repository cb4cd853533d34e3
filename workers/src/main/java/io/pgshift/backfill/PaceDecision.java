package io.pgshift.backfill;

/**
 * What the pacer decided for the next batches: the batch duration to aim at, the pause after
 * each batch, and why, in the words an operator reads on the partition row ("yielding: 4 other
 * sessions busy; probe p95 3.1 ms vs 0.9 ms idle; pause 24 ms").
 */
public record PaceDecision(PaceMode mode, int targetMs, int pauseMs, String reason) {
}
