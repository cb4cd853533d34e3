package io.pgshift.backfill;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A whole backfill's progress: totals over its partitions. Partitions run in parallel, so the
 * rate is the sum of the unfinished partitions' rates and the ETA is the longest partition ETA.
 */
public record BackfillStatus(long backfillId, String name, BackfillState state, long estimatedRows,
                             List<PartitionProgress> partitions) {
    public BackfillStatus {
        partitions = List.copyOf(partitions);
    }

    public long rowsScanned() {
        return partitions.stream().mapToLong(PartitionProgress::rowsScanned).sum();
    }

    public long rowsWritten() {
        return partitions.stream().mapToLong(PartitionProgress::rowsWritten).sum();
    }

    public double rowsPerSecond() {
        List<PartitionProgress> live = partitions.stream().filter(p -> !p.state().isTerminal()).toList();
        List<PartitionProgress> basis = live.isEmpty() ? partitions : live;
        return basis.stream().mapToDouble(PartitionProgress::rowsPerSecond).sum();
    }

    /** Fraction done in [0, 1]; the estimate may be low, so it is capped until every partition is DONE. */
    public double fractionDone() {
        if (state == BackfillState.SUCCEEDED) {
            return 1.0;
        }
        return estimatedRows <= 0 ? 0.0 : Math.min(0.99, (double) rowsScanned() / estimatedRows);
    }

    public Optional<Duration> eta() {
        if (state == BackfillState.SUCCEEDED) {
            return Optional.of(Duration.ZERO);
        }
        Duration longest = Duration.ZERO;
        for (PartitionProgress p : partitions) {
            if (p.state().isTerminal()) {
                continue;
            }
            Optional<Duration> eta = p.eta();
            if (eta.isEmpty()) {
                return Optional.empty();
            }
            longest = eta.get().compareTo(longest) > 0 ? eta.get() : longest;
        }
        return Optional.of(longest);
    }

    public boolean isFinished() {
        return state.isTerminal() || state == BackfillState.FAILED;
    }
}
