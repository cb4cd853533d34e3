package io.pgshift.run;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * The lease that makes a run's driver the only one: taken before a driver does anything, renewed
 * while it works, given back when it stops. Taking it bumps the run's {@code lease_epoch}, the
 * fencing token a driver's writes are checked against (migration V107), so a driver that lost
 * its lease (stopped past its expiry, then woken) fails at its next write instead of acting
 * beside the one that took over.
 */
public final class RunLeases {
    /** The SQLSTATE of a write refused by the fence: the run has another driver now. */
    public static final String FENCED = "PSF01";

    /**
     * Takes the lease of a run that has not ended, for {@code owner}, whose renewing session is
     * named {@code session} in pg_stat_activity. Succeeds when nobody holds it, the holder's lease
     * expired (a node stopped or cut off), or no session of the holder's name is left (a process
     * that died: its connections closed with it, so nothing waits for the expiry).
     *
     * @return the new fencing token, or empty while another driver holds the lease
     */
    public OptionalLong take(Connection c, long runId, String owner, String session, Duration ttl) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE pgshift.run SET lease_owner = ?, lease_session = ?,"
                + " lease_epoch = lease_epoch + 1, lease_until = clock_timestamp() + ? * interval '1 millisecond'"
                + " WHERE id = ? AND finished_at IS NULL"
                + " AND (lease_owner IS NULL OR lease_until < clock_timestamp() OR NOT EXISTS ("
                + "   SELECT 1 FROM pg_stat_activity a WHERE a.application_name = run.lease_session))"
                + " RETURNING lease_epoch")) {
            ps.setString(1, owner);
            ps.setString(2, session);
            ps.setLong(3, ttl.toMillis());
            ps.setLong(4, runId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        }
    }

    /** Extends the lease held with {@code epoch}; false when it was lost (taken over, or the run ended). */
    public boolean renew(Connection c, long runId, long epoch, Duration ttl) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE pgshift.run"
                + " SET lease_until = clock_timestamp() + ? * interval '1 millisecond'"
                + " WHERE id = ? AND lease_epoch = ? AND lease_owner IS NOT NULL")) {
            ps.setLong(1, ttl.toMillis());
            ps.setLong(2, runId);
            ps.setLong(3, epoch);
            return ps.executeUpdate() == 1;
        }
    }

    /** Gives the lease held with {@code epoch} back; one taken over meanwhile is left alone. */
    public void release(Connection c, long runId, long epoch) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE pgshift.run SET lease_owner = NULL, lease_until = NULL,"
                + " lease_session = NULL WHERE id = ? AND lease_epoch = ?")) {
            ps.setLong(1, runId);
            ps.setLong(2, epoch);
            ps.executeUpdate();
        }
    }

    /**
     * Makes every later write of {@code c} to the run's row or its steps check that the run's
     * lease is still {@code epoch}, in the write's own transaction.
     */
    public static void fence(Connection c, long runId, long epoch) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT set_config('pgshift.fence', ?, false)")) {
            ps.setString(1, runId + ":" + epoch);
            ps.execute();
        }
    }

    /**
     * Checks, without writing, that the fence {@code c} carries for {@code runId} still holds: a
     * driver waiting on its backfill (reading only) stops at its next look rather than its next
     * write. A connection without a fence (an operator's, a rollback's) passes.
     */
    public static void checkFence(Connection c, long runId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT r.lease_epoch, f.fence FROM pgshift.run r,"
                + " nullif(current_setting('pgshift.fence', true), '') AS f(fence) WHERE r.id = ?"
                + " AND split_part(f.fence, ':', 1)::bigint = r.id")) {
            ps.setLong(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    long held = Long.parseLong(rs.getString(2).split(":", 2)[1]);
                    if (held != rs.getLong(1)) {
                        throw new SQLException("run " + runId + " is driven by another node now (lease " + rs.getLong(1)
                                + "; this driver held lease " + held + "): this driver stops", FENCED);
                    }
                }
            }
        }
    }

    /** Whether {@code e} (or what caused it) is a write the fence refused. */
    public static boolean fenced(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && FENCED.equals(s.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
