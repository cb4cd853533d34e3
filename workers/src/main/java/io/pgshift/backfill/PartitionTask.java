package io.pgshift.backfill;

/** Which partition a {@link PartitionRun} works on, with the spec of its backfill as loaded for this run. */
record PartitionTask(long backfillId, int partitionNo, BackfillSpec spec) {
}
