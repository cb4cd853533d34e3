package io.pgshift.backfill;

import java.util.List;

/**
 * A partition as a batch sees it, read under the partition row's lock at the start of the
 * batch's transaction, together with its backfill's state and live knobs.
 */
public record PartitionRow(long backfillId, int partitionNo, PartitionState state, List<String> lower,
                           List<String> upper, List<String> cursor, int batchSize, BackfillState backfillState,
                           Integer batchSizeOverride, Integer pauseMsOverride) {
    /** The exclusive lower bound of the next batch: the checkpoint, or the range start. */
    public List<String> nextLower() {
        return cursor != null ? cursor : lower;
    }
}
