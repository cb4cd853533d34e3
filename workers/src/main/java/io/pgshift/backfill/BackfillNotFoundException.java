package io.pgshift.backfill;

/** No backfill with that id in {@code pgshift.backfill}. */
public final class BackfillNotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BackfillNotFoundException(long backfillId) {
        super("no backfill with id " + backfillId + " in pgshift.backfill");
    }
}
