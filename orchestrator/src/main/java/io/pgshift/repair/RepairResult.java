package io.pgshift.repair;

import io.pgshift.run.RunRecord;

/**
 * An accepted checksum.
 *
 * @param previous what the run answered to before: its own checksum, or one accepted earlier
 */
public record RepairResult(RunRecord run, String previous, String accepted) {
}
