package io.pgshift.engine;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** Finds the workers' backfill started for a run's step (the newest, after re-backfills). */
final class BackfillLinks {
    private BackfillLinks() {
    }

    static Optional<Long> latest(Connection c, long runId, int stepOrdinal) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id FROM pgshift.backfill WHERE run_id = ? AND step_ordinal = ? ORDER BY id DESC LIMIT 1")) {
            ps.setLong(1, runId);
            ps.setInt(2, stepOrdinal);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }
}
