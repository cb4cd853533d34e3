package io.pgshift.metrics;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The kinds of reason a backfill partition is throttled for. The workers write the reason in
 * words with the measured values ("replication lag 1200 ms > 1000 ms; 7 sessions waiting for a
 * lock on the table > 5"); a metric tag must take few values, so the words are classified.
 */
enum ThrottleReasons {
    REPLICATION_LAG("replication lag"),
    LOCK_WAITERS("waiting for a lock"),
    OTHER(null);

    private final String marker;

    ThrottleReasons(String marker) {
        this.marker = marker;
    }

    String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kinds named in {@code reason}; OTHER when none is recognised (or there is no reason). */
    static Set<ThrottleReasons> of(String reason) {
        Set<ThrottleReasons> kinds = EnumSet.noneOf(ThrottleReasons.class);
        if (reason != null) {
            for (ThrottleReasons kind : values()) {
                if (kind.marker != null && reason.contains(kind.marker)) {
                    kinds.add(kind);
                }
            }
        }
        return kinds.isEmpty() ? EnumSet.of(OTHER) : kinds;
    }
}
