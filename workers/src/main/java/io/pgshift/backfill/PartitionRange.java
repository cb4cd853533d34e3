package io.pgshift.backfill;

import java.util.List;

/**
 * A key range {@code (lower, upper]} of one partition; a null bound is open (minus or plus
 * infinity). Bounds are key values as the text form of each key column.
 */
public record PartitionRange(int partitionNo, List<String> lower, List<String> upper, long estimatedRows) {
    public PartitionRange {
        lower = lower == null ? null : List.copyOf(lower);
        upper = upper == null ? null : List.copyOf(upper);
    }
}
