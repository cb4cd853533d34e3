package io.pgshift.backfill;

import java.time.Duration;

/**
 * How a node's partition loops behave regardless of the backfill: retry budget and backoff
 * for transient errors, how often the throttle signals are read, how long a throttled loop
 * sleeps between readings and how often it refreshes the reason it shows, and how long a
 * partition whose database stayed out of reach through its retries waits before it runs again.
 */
public record WorkerSettings(String node, int maxAttempts, Duration initialBackoff, Duration maxBackoff,
                             Duration throttleCheckInterval, Duration throttledSleep, Duration reasonRefresh,
                             Duration outageRetry) {
    public static WorkerSettings defaults(String node) {
        return new WorkerSettings(node, 30, Duration.ofMillis(200), Duration.ofSeconds(10),
                Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(30));
    }

    public WorkerSettings withThrottleTiming(Duration checkInterval, Duration sleep) {
        return new WorkerSettings(node, maxAttempts, initialBackoff, maxBackoff, checkInterval, sleep, reasonRefresh,
                outageRetry);
    }

    public WorkerSettings withRetries(int attempts, Duration initial, Duration max, Duration afterOutage) {
        return new WorkerSettings(node, attempts, initial, max, throttleCheckInterval, throttledSleep, reasonRefresh,
                afterOutage);
    }
}
