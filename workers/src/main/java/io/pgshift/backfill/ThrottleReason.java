package io.pgshift.backfill;

/**
 * A kind of reason the throttle holds a backfill for, with the words an operator reads for it.
 * The names are recorded on the partition row ({@code throttle_reasons}) next to the words
 * ({@code paused_reason}), so that whatever reads the kinds (a metric tag) never parses prose:
 * the words may change, the names may not (a CHECK in V004 lists them).
 */
public enum ThrottleReason {
    /** Replicas are behind by more than the limit; measured and limit in milliseconds. */
    REPLICATION_LAG {
        @Override
        public String words(long measured, long limit) {
            return "replication lag " + measured + " ms > " + limit + " ms";
        }
    },
    /** More sessions than the limit wait for a lock on the backfilled table. */
    LOCK_WAITERS {
        @Override
        public String words(long measured, long limit) {
            return measured + " sessions waiting for a lock on the table > " + limit;
        }
    };

    /** This reason in words, from the value measured and the limit it exceeds. */
    public abstract String words(long measured, long limit);
}
