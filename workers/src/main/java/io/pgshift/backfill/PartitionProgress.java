package io.pgshift.backfill;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One partition's progress as any node reads it from the database. {@code rowsPerSecond} is
 * measured over working time (batches and their pace, not time throttled or waiting for a
 * window); the ETA assumes that rate holds and is empty when it cannot be estimated.
 * {@code pace} and {@code paceReason}: how its batches were paced at its last checkpoint, and
 * why (null before its first batch).
 */
public record PartitionProgress(int partitionNo, PartitionState state, String pausedReason, String lastError,
                                String node, long rowsScanned, long rowsWritten, long batches, int batchSize,
                                long retries, long estimatedRows, long activeMs, Instant startedAt,
                                Instant updatedAt, Instant finishedAt, PaceMode pace, String paceReason) {
    /** Why it is not writing (its paused reason), or, while it runs, how it is paced and why. */
    public String why() {
        if (state == PartitionState.RUNNING && paceReason != null) {
            return paceReason;
        }
        return pausedReason;
    }

    public double rowsPerSecond() {
        return activeMs <= 0 ? 0.0 : rowsScanned * 1000.0 / activeMs;
    }

    /** Zero once finished; empty while nothing has been measured yet. */
    public Optional<Duration> eta() {
        if (state == PartitionState.DONE) {
            return Optional.of(Duration.ZERO);
        }
        return etaFor(Math.max(0, estimatedRows - rowsScanned), rowsPerSecond());
    }

    static Optional<Duration> etaFor(long remainingRows, double rowsPerSecond) {
        if (rowsPerSecond <= 0) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofMillis((long) Math.ceil(remainingRows * 1000.0 / rowsPerSecond)));
    }
}
