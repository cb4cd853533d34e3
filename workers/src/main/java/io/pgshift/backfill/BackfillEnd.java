package io.pgshift.backfill;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Tells a waiting driver at once that a backfill ended, instead of leaving it to notice at its
 * next poll (200 ms: 3 % of a 2M-row backfill on an idle database, docs/BENCHMARKS.md). The
 * transaction that settles the backfill sends {@code NOTIFY pgshift_backfill_end} with its id;
 * PostgreSQL delivers it at that commit to every session listening on the database, whichever
 * node it belongs to. The wait stays bounded by the poll: a notification the listener misses (a
 * connection replaced in between, a session inside a transaction, where none is delivered) costs
 * that poll and nothing else.
 */
public final class BackfillEnd {
    static final String CHANNEL = "pgshift_backfill_end";

    private BackfillEnd() {
    }

    /** Sent in the caller's transaction: listeners hear it when that transaction commits, not before. */
    static void announce(Connection c, long backfillId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            ps.setString(1, CHANNEL);
            ps.setString(2, Long.toString(backfillId));
            ps.execute();
        }
    }

    /** Starts listening on {@code c}, which must be in autocommit: a session inside a transaction is told nothing. */
    public static void listen(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("LISTEN " + CHANNEL);
        }
    }

    public static void unlisten(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("UNLISTEN " + CHANNEL);
        }
    }

    /**
     * Waits up to {@code timeout} for backfills to end (at once when one already did since the last
     * call); returns their ids, empty when none did. An interrupt is seen when the wait ends.
     */
    public static List<Long> await(Connection c, Duration timeout) throws SQLException, InterruptedException {
        PGNotification[] heard = c.unwrap(PGConnection.class).getNotifications((int) Math.max(1, timeout.toMillis()));
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted while waiting for a backfill to end");
        }
        List<Long> ended = new ArrayList<>();
        for (PGNotification n : heard == null ? new PGNotification[0] : heard) {
            if (CHANNEL.equals(n.getName())) {
                ended.add(Long.parseLong(n.getParameter()));
            }
        }
        return ended;
    }
}
