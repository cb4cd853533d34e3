package io.pgshift.plan;

import java.time.Duration;

/** What the planner expects of a backfill, from the table's statistics: rows, batches, duration. */
public record BackfillEstimate(long rows, long batches, Duration duration, String keyDescription) {
}
