package io.pgshift.backfill;

/**
 * The two statements of one backfill batch, built by {@link KeysetBatchSql}: {@code pick} finds the
 * next keys after the cursor and returns the first and last of them and their count (no row once
 * the range is exhausted); {@code write} updates the rows of that key range and its update count is
 * the rows written. They run in the batch's transaction, with its checkpoint.
 */
public record BatchSql(String pick, String write) {
}
