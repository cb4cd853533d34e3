package io.pgshift.apply;

import java.util.Locale;

/** The lines {@code pgshift status RUN} prints under a run for its latest backfill and each partition. */
public final class BackfillLines {
    private BackfillLines() {
    }

    public static String backfill(long backfillId, String state, long rowsWritten, long rowsScanned) {
        return String.format(Locale.ROOT, "  backfill %d: %s, %,d rows written of ~%,d scanned", backfillId, state,
                rowsWritten, rowsScanned);
    }

    /** {@code why}: its paused reason, or while it runs, its pace and why. */
    public static String partition(int partitionNo, String state, long rowsScanned, String why) {
        return String.format(Locale.ROOT, "    partition %d: %-18s %,12d rows  %s", partitionNo, state, rowsScanned,
                why == null ? "" : why);
    }
}
