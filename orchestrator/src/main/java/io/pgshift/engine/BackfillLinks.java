package io.pgshift.engine;

import io.pgshift.run.RunRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Optional;

/**
 * Finds the workers' backfill started for a run's step (the newest, after re-backfills). Run ids
 * are unique only within one state database, and a target may have had several (its own, then a
 * separate one), so a backfill older than the run is another run's: one created before the run
 * existed cannot be its. A minute of slack covers clocks of a state and a target server that
 * disagree (a run's first backfill starts after its expand, well after it was created).
 */
final class BackfillLinks {
    private BackfillLinks() {
    }

    static Optional<Long> latest(Connection c, RunRecord run, int stepOrdinal) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM pgshift.backfill WHERE run_id = ?"
                + " AND step_ordinal = ? AND created_at >= CAST(? AS timestamptz) - interval '1 minute' ORDER BY id DESC LIMIT 1")) {
            ps.setLong(1, run.id());
            ps.setInt(2, stepOrdinal);
            ps.setTimestamp(3, Timestamp.from(run.createdAt()));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }
}
