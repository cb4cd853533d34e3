package io.pgshift.backfill;

import java.time.Duration;

/**
 * How a node's partition loops behave regardless of the backfill: retry budget and backoff
 * for transient errors, how often the throttle signals are read, how long a throttled loop
 * sleeps between readings and how often it refreshes the reason it shows.
 */
public record WorkerSettings(String node, int maxAttempts, Duration initialBackoff, Duration maxBackoff,
                             Duration throttleCheckInterval, Duration throttledSleep, Duration reasonRefresh) {
    public static WorkerSettings defaults(String node) {
        return new WorkerSettings(node, 30, Duration.ofMillis(200), Duration.ofSeconds(10),
                Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(10));
    }

    public WorkerSettings withThrottleTiming(Duration checkInterval, Duration sleep) {
        return new WorkerSettings(node, maxAttempts, initialBackoff, maxBackoff, checkInterval, sleep, reasonRefresh);
    }
}
