package io.pgshift.backfill;

import java.time.Instant;
import java.util.Optional;

/** How a partition job's run ended, and when to run it again if at all. */
public record PartitionOutcome(Kind kind, Optional<Instant> runAgainAt) {
    public enum Kind {
        /** The range is exhausted. */
        DONE,
        /** An operator paused or cancelled the backfill; resume schedules it again. */
        PAUSED, CANCELLED,
        /** Failed for good (a non-retryable error, or retries exhausted); last_error says why. */
        FAILED,
        /** Outside its schedule window or the target's allowed windows; run again when they open. */
        WAITING_FOR_WINDOW,
        /** The node is shutting down mid-partition; run again at once, on any node. */
        STOPPED,
        /** The database stayed out of reach through the retries; run again later, from the checkpoint. */
        UNREACHABLE,
        /** Nothing to do: the partition is already finished, or no longer exists. */
        NOTHING_TO_DO
    }

    public static PartitionOutcome of(Kind kind) {
        return new PartitionOutcome(kind, Optional.empty());
    }

    public static PartitionOutcome at(Kind kind, Instant when) {
        return new PartitionOutcome(kind, Optional.of(when));
    }
}
