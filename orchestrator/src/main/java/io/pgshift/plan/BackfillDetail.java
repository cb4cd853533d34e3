package io.pgshift.plan;

import io.pgshift.backfill.BackfillTarget;
import java.time.Duration;

/**
 * A backfill step's specifics: what the workers write ({@code target}) and what the planner
 * expects from the table's statistics: rows, batches at the starting size, duration at the
 * target batch time.
 */
public record BackfillDetail(BackfillTarget target, long rows, long batches, Duration duration, String keyDescription) {
}
