package io.pgshift.backfill;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Reads a backfill's progress from {@code pgshift}; any node, the CLI or the API can call it. */
public final class BackfillProgress {
    private BackfillProgress() {
    }

    public static BackfillStatus read(Connection c, long backfillId) throws SQLException {
        String name;
        BackfillState state;
        long estimated;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT name, state, estimated_rows FROM pgshift.backfill WHERE id = ?")) {
            ps.setLong(1, backfillId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new BackfillNotFoundException(backfillId);
                }
                name = rs.getString(1);
                state = BackfillState.valueOf(rs.getString(2));
                estimated = rs.getLong(3);
            }
        }
        List<PartitionProgress> partitions = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT partition_no, state, paused_reason, last_error, node,"
                + " rows_scanned, rows_written, batches, batch_size, retries, estimated_rows, active_ms, started_at,"
                + " updated_at, finished_at, pace, pace_reason FROM pgshift.backfill_partition WHERE backfill_id = ? ORDER BY partition_no")) {
            ps.setLong(1, backfillId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    partitions.add(new PartitionProgress(rs.getInt(1), PartitionState.valueOf(rs.getString(2)),
                            rs.getString(3), rs.getString(4), rs.getString(5), rs.getLong(6), rs.getLong(7),
                            rs.getLong(8), rs.getInt(9), rs.getLong(10), rs.getLong(11), rs.getLong(12),
                            instant(rs.getTimestamp(13)), instant(rs.getTimestamp(14)), instant(rs.getTimestamp(15)),
                            rs.getString(16) == null ? null : PaceMode.valueOf(rs.getString(16)), rs.getString(17)));
                }
            }
        }
        return new BackfillStatus(backfillId, name, state, estimated, partitions);
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
