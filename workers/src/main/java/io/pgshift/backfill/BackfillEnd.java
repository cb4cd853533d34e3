package io.pgshift.backfill;

import io.pgshift.db.Channel;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/**
 * Tells a waiting driver at once that a backfill ended, instead of leaving it to notice at its
 * next poll (200 ms: 3 % of a 2M-row backfill on an idle database, docs/BENCHMARKS.md). The
 * transaction that settles the backfill sends {@code NOTIFY pgshift_backfill_end} with its id.
 */
public final class BackfillEnd {
    static final Channel CHANNEL = new Channel("pgshift_backfill_end");

    private BackfillEnd() {
    }

    /** Sent in the caller's transaction: listeners hear it when that transaction commits, not before. */
    static void announce(Connection c, long backfillId) throws SQLException {
        CHANNEL.announce(c, Long.toString(backfillId));
    }

    /** Starts listening on {@code c}, which must be in autocommit: a session inside a transaction is told nothing. */
    public static void listen(Connection c) throws SQLException {
        CHANNEL.listen(c);
    }

    public static void unlisten(Connection c) throws SQLException {
        CHANNEL.unlisten(c);
    }

    /**
     * Waits up to {@code timeout} for backfills to end (at once when one already did since the last
     * call); returns their ids, empty when none did. An interrupt is seen when the wait ends.
     */
    public static List<Long> await(Connection c, Duration timeout) throws SQLException, InterruptedException {
        return CHANNEL.await(c, timeout).stream().map(Long::parseLong).toList();
    }
}
