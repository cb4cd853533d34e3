package io.pgshift.run;

import io.pgshift.plan.Phase;
import io.pgshift.plan.StepKind;
import io.pgshift.plan.Undo;
import java.time.Instant;

/**
 * One step of a run as stored.
 *
 * @param sqlText  the step's statements, each ending with a semicolon, one after the other (for review)
 * @param checksum SHA-256 of {@code sqlText}
 * @param rows     rows the step wrote (backfills, seeds), or null
 * @param lock     the strongest table lock the step takes, or null (not recorded, or no statement)
 * @param undo     how a rollback undoes it, as planned; null for steps stored before it was recorded (or not read)
 */
public record StepRecord(long runId, int ordinal, Phase phase, StepKind kind, String path, String summary,
                         String sqlText, String checksum, StepState state, int attempts, Long rows,
                         Instant startedAt, Instant finishedAt, Long executionTimeMs, String error, StepLock lock,
                         Undo undo) {
    /** A step as shown elsewhere (the daemon's JSON), without its undo. */
    public StepRecord(long runId, int ordinal, Phase phase, StepKind kind, String path, String summary, String sqlText,
                      String checksum, StepState state, int attempts, Long rows, Instant startedAt, Instant finishedAt,
                      Long executionTimeMs, String error, StepLock lock) {
        this(runId, ordinal, phase, kind, path, summary, sqlText, checksum, state, attempts, rows, startedAt, finishedAt,
                executionTimeMs, error, lock, null);
    }
}
