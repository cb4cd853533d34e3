package io.pgshift.run;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The checksum an operator accepted for a run whose playbook was edited after it was applied
 * ({@code pgshift repair NAME --accept-checksum}): the run answers to it as to its own.
 */
public final class AcceptedChecksums {
    private AcceptedChecksums() {
    }

    /** Whether {@code checksum} is the run's own or the one accepted for it. */
    public static boolean matches(Connection c, RunRecord run, String checksum) throws SQLException {
        return run.checksum().equals(checksum) || accepted(c, run.id()).filter(checksum::equals).isPresent();
    }

    public static Optional<String> accepted(Connection c, long runId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT accepted_checksum FROM pgshift.run WHERE id = ?")) {
            ps.setLong(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /**
     * Records {@code checksum} as accepted for run {@code runId} if it is still SUCCEEDED; false when
     * it no longer is (moved on meanwhile). Joins the caller's transaction when autocommit is off.
     */
    public static boolean accept(Connection c, long runId, String checksum) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE pgshift.run SET accepted_checksum = ?,"
                + " updated_at = clock_timestamp() WHERE id = ? AND state = 'SUCCEEDED'")) {
            ps.setString(1, checksum);
            ps.setLong(2, runId);
            return ps.executeUpdate() == 1;
        }
    }
}
