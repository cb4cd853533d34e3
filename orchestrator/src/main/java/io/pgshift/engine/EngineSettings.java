package io.pgshift.engine;

import java.time.Duration;

/**
 * Knobs of the run engine, validated once.
 *
 * @param partitions     key ranges each backfill is split into (parallel partition jobs)
 * @param gateChunkRows  rows per gate counting chunk
 * @param maxRebackfills how many times leftovers found by the gate are re-backfilled before the run fails
 * @param poll           how often a waiting driver looks at backfill progress and operator requests
 */
public record EngineSettings(int partitions, int gateChunkRows, int maxRebackfills, Duration poll) {
    public static final EngineSettings DEFAULT = new EngineSettings(2, 50_000, 2, Duration.ofMillis(500));

    public EngineSettings {
        if (partitions < 1 || gateChunkRows < 1 || maxRebackfills < 0 || poll.isNegative() || poll.isZero()) {
            throw new IllegalArgumentException("invalid engine settings: partitions and gate chunk must be >= 1,"
                    + " re-backfills >= 0, poll > 0");
        }
    }
}
