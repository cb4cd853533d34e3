package io.pgshift.backfill;

/**
 * How a partition is running its batches right now, shown with its reason on the partition
 * row (status, API, dashboard) and counted per mode in {@code /metrics}.
 */
public enum PaceMode {
    /** No other session is using the database: long batches, no pause. */
    FULL_SPEED,
    /** Other sessions are at work: short batches and pauses that grow while the probe is slow. */
    YIELDING,
    /** The playbook's batch settings or a live knob decide; nothing is adapted to the load. */
    FIXED
}
