package io.pgshift.backfill;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * Live knobs of running backfills: {@code pgshift.backfill.batch_size_override} and
 * {@code pause_ms_override}, which every partition reads at each batch, so a change takes effect
 * at the next batch boundary on whichever node runs the partition. Callers audit the change in
 * the same transaction (one audited entry point).
 */
public final class BackfillKnobs {
    private BackfillKnobs() {
    }

    /** One backfill's overrides before and after a change; null means "the playbook's value". */
    public record Change(long backfillId, String name, Integer oldBatchSize, Integer newBatchSize, Integer oldPauseMs,
                         Integer newPauseMs) {
    }

    /**
     * Sets the overrides of {@code runId}'s unfinished backfills; a null argument leaves that knob
     * as it is. Returns one change per backfill touched (none when every backfill has finished).
     */
    public static List<Change> setForRun(Connection c, long runId, Integer batchSize, Integer pauseMs)
            throws SQLException {
        if (batchSize != null && batchSize <= 0 || pauseMs != null && pauseMs < 0) {
            throw new IllegalArgumentException("batch size must be > 0 and pause >= 0 ms");
        }
        String sql = "WITH old AS (SELECT id, batch_size_override, pause_ms_override FROM pgshift.backfill"
                + " WHERE run_id = ? AND state IN ('PENDING', 'RUNNING', 'PAUSED') ORDER BY id FOR UPDATE)"
                + " UPDATE pgshift.backfill b SET batch_size_override = coalesce(?, b.batch_size_override),"
                + " pause_ms_override = coalesce(?, b.pause_ms_override), updated_at = now() FROM old"
                + " WHERE b.id = old.id RETURNING b.id, b.name, old.batch_size_override, b.batch_size_override,"
                + " old.pause_ms_override, b.pause_ms_override";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, runId);
            setNullable(ps, 2, batchSize);
            setNullable(ps, 3, pauseMs);
            List<Change> changes = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    changes.add(new Change(rs.getLong(1), rs.getString(2), integer(rs, 3), integer(rs, 4),
                            integer(rs, 5), integer(rs, 6)));
                }
            }
            return changes;
        }
    }

    private static void setNullable(PreparedStatement ps, int index, Integer value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setInt(index, value);
        }
    }

    private static Integer integer(ResultSet rs, int column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }
}
