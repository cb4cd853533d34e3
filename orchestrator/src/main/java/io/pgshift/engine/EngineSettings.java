package io.pgshift.engine;

import java.time.Duration;

/**
 * Knobs of the run engine, validated once.
 *
 * @param partitions     key ranges each backfill is split into (parallel partition jobs)
 * @param gateChunkRows  rows per gate counting chunk
 * @param maxRebackfills how many times leftovers found by the gate are re-backfilled before the run fails
 * @param poll           how often a waiting driver looks at backfill progress and operator requests
 * @param leaseTtl       how long a driver's lease on its run lasts unrenewed (renewed every third of it):
 *                       how long a stopped or cut-off node keeps the run from another node's driver
 */
public record EngineSettings(int partitions, int gateChunkRows, int maxRebackfills, Duration poll, Duration leaseTtl) {
    public static final Duration DEFAULT_LEASE_TTL = Duration.ofSeconds(30);
    /**
     * The driver notices a finished backfill at its next poll: at 500 ms that was 0.4 s of a 10 s
     * idle run (docs/BENCHMARKS.md); a poll reads a few rows, so 200 ms costs nothing measurable.
     */
    public static final EngineSettings DEFAULT = new EngineSettings(2, 50_000, 2, Duration.ofMillis(200),
            DEFAULT_LEASE_TTL);

    public EngineSettings {
        if (partitions < 1 || gateChunkRows < 1 || maxRebackfills < 0 || poll.isNegative() || poll.isZero()
                || leaseTtl.compareTo(Duration.ofSeconds(3)) < 0) {
            throw new IllegalArgumentException("invalid engine settings: partitions and gate chunk must be >= 1,"
                    + " re-backfills >= 0, poll > 0, lease at least 3s");
        }
    }

    /** These settings with partitions and lease of a node's own configuration. */
    public static EngineSettings of(int partitions, Duration leaseTtl) {
        return new EngineSettings(partitions, DEFAULT.gateChunkRows(), DEFAULT.maxRebackfills(), DEFAULT.poll(), leaseTtl);
    }
}
