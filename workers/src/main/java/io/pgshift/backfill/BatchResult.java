package io.pgshift.backfill;

import java.util.List;

/** What one batch did: the last key it reached (the next cursor) and the rows it wrote and scanned. */
public record BatchResult(List<String> lastKey, long rowsWritten, long rowsScanned) {
}
