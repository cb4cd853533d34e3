package io.pgshift.exec;

/**
 * How a backoff ceiling becomes an actual wait. Randomising the wait keeps several pgshift
 * workers (or a worker and a retrying application) from queueing for the same lock in lockstep.
 */
public enum Jitter {
    /** Anywhere in {@code [0, ceiling]}: spreads retries most, but may retry almost at once. */
    FULL,
    /** In {@code [ceiling / 2, ceiling]}: always gives the blocker and the traffic queued behind it room. */
    EQUAL
}
