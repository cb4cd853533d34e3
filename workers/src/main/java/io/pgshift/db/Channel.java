package io.pgshift.db;

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
 * A PostgreSQL notification channel, by which one session tells waiting ones that something
 * changed instead of leaving them to notice at their next poll. A notification sent inside a
 * transaction is delivered when it commits, to every session of the database listening on the
 * channel, whichever process it belongs to. Waits stay bounded by the caller's poll: a
 * notification a listener misses (a connection replaced in between, or a listener inside a
 * transaction, which is told nothing until it ends) costs that poll and nothing else.
 *
 * @param name the channel's name, an identifier spelt as {@code LISTEN} takes it
 */
public record Channel(String name) {
    /** Sends {@code payload} in the caller's transaction: listeners hear it when that transaction commits. */
    public void announce(Connection c, String payload) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            ps.setString(1, name);
            ps.setString(2, payload);
            ps.execute();
        }
    }

    /** Starts listening on {@code c}, which must be in autocommit. */
    public void listen(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("LISTEN " + name);
        }
    }

    public void unlisten(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("UNLISTEN " + name);
        }
    }

    /**
     * Waits up to {@code timeout} for notifications on this channel (returns at once when some came
     * since the last call); returns their payloads, empty when none came. An interrupt is seen when
     * the wait ends.
     */
    public List<String> await(Connection c, Duration timeout) throws SQLException, InterruptedException {
        PGNotification[] heard = c.unwrap(PGConnection.class).getNotifications((int) Math.max(1, timeout.toMillis()));
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted while waiting on channel " + name);
        }
        List<String> payloads = new ArrayList<>();
        for (PGNotification n : heard == null ? new PGNotification[0] : heard) {
            if (name.equals(n.getName())) {
                payloads.add(n.getParameter());
            }
        }
        return payloads;
    }
}
