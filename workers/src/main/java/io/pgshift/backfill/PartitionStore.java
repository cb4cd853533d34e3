package io.pgshift.backfill;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Optional;

/**
 * Reads and writes {@code pgshift.backfill_partition} rows. Callers own the transaction; every
 * state change goes through {@link PartitionState#moveTo} so the transition table is enforced.
 */
public final class PartitionStore {
    private static final String LOCK = "SELECT p.state, p.lower_key::text, p.upper_key::text, p.cursor_key::text,"
            + " p.batch_size, b.state, b.batch_size_override, b.pause_ms_override"
            + " FROM pgshift.backfill_partition p JOIN pgshift.backfill b ON b.id = p.backfill_id"
            + " WHERE p.backfill_id = ? AND p.partition_no = ? FOR UPDATE OF p";

    private PartitionStore() {
    }

    /** Locks the partition row until the transaction ends; two workers on one partition serialise here. */
    public static Optional<PartitionRow> lock(Connection c, long backfillId, int partitionNo) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(LOCK)) {
            ps.setLong(1, backfillId);
            ps.setInt(2, partitionNo);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new PartitionRow(backfillId, partitionNo, PartitionState.valueOf(rs.getString(1)),
                        SpecJson.readKey(rs.getString(2)), SpecJson.readKey(rs.getString(3)),
                        SpecJson.readKey(rs.getString(4)), rs.getInt(5), BackfillState.valueOf(rs.getString(6)),
                        (Integer) rs.getObject(7), (Integer) rs.getObject(8)));
            }
        }
    }

    /** The batch's checkpoint; must run in the batch's transaction. */
    public static void checkpoint(Connection c, PartitionRow row, BatchResult result, Checkpoint next, String node)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE pgshift.backfill_partition SET cursor_key = ?::jsonb,"
                + " rows_written = rows_written + ?, rows_scanned = rows_scanned + ?, batches = batches + 1,"
                + " batch_size = ?, active_ms = active_ms + ?, retries = retries + ?,"
                + " last_error = coalesce(?, last_error), node = ?, pace = ?, pace_reason = ?, updated_at = now()"
                + " WHERE backfill_id = ? AND partition_no = ?")) {
            ps.setString(1, SpecJson.writeKey(result.lastKey()));
            ps.setLong(2, result.rowsWritten());
            ps.setLong(3, result.rowsScanned());
            ps.setInt(4, next.batchSize());
            ps.setLong(5, next.activeMs());
            ps.setLong(6, next.retries().count());
            ps.setString(7, next.retries().lastError());
            ps.setString(8, node);
            ps.setString(9, next.pace().mode().name());
            ps.setString(10, next.pace().reason());
            ps.setLong(11, row.backfillId());
            ps.setInt(12, row.partitionNo());
            ps.executeUpdate();
        }
    }

    /**
     * What a checkpoint records besides the batch's result: the next batch's size, the working
     * time this batch took (its run and pause), the retries since the last checkpoint, and the pace.
     */
    public record Checkpoint(int batchSize, long activeMs, RetryNote retries, PaceDecision pace) {
    }

    /**
     * Moves the locked partition {@code row} to {@code next} with its reason (null clears it; a
     * FAILED move records it as the error). Terminal states stamp finished_at; RUNNING stamps
     * started_at the first time and the node.
     */
    public static void move(Connection c, PartitionRow row, PartitionState next, PauseReason reason, String node)
            throws SQLException {
        row.state().moveTo(next);
        boolean failed = next == PartitionState.FAILED;
        try (PreparedStatement ps = c.prepareStatement("UPDATE pgshift.backfill_partition SET state = ?,"
                + " paused_reason = ?, throttle_reasons = ?, node = coalesce(?, node), updated_at = now(),"
                + " started_at = CASE WHEN ? = 'RUNNING' THEN coalesce(started_at, now()) ELSE started_at END,"
                + " finished_at = CASE WHEN ? THEN now() END,"
                + " last_error = CASE WHEN ? = 'FAILED' THEN ? ELSE last_error END"
                + " WHERE backfill_id = ? AND partition_no = ?")) {
            ps.setString(1, next.name());
            ps.setString(2, failed || reason == null ? null : reason.words());
            setThrottleReasons(c, ps, 3, failed ? null : reason);
            ps.setString(4, node);
            ps.setString(5, next.name());
            ps.setBoolean(6, next.isTerminal() || failed);
            ps.setString(7, next.name());
            if (failed && reason != null) {
                ps.setString(8, reason.words());
            } else {
                ps.setNull(8, Types.VARCHAR);
            }
            ps.setLong(9, row.backfillId());
            ps.setInt(10, row.partitionNo());
            ps.executeUpdate();
        }
    }

    /** Refreshes the reason shown while throttled, without a state change. */
    public static void updateReason(Connection c, long backfillId, int partitionNo, PauseReason reason)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE pgshift.backfill_partition SET paused_reason = ?,"
                + " throttle_reasons = ?, updated_at = now() WHERE backfill_id = ? AND partition_no = ?")) {
            ps.setString(1, reason.words());
            setThrottleReasons(c, ps, 2, reason);
            ps.setLong(3, backfillId);
            ps.setInt(4, partitionNo);
            ps.executeUpdate();
        }
    }

    /** The throttle's kinds of reason by name, in declaration order; SQL NULL when there are none. */
    private static void setThrottleReasons(Connection c, PreparedStatement ps, int index, PauseReason reason)
            throws SQLException {
        if (reason == null || reason.throttle().isEmpty()) {
            ps.setNull(index, Types.ARRAY);
            return;
        }
        Object[] names = reason.throttle().stream().sorted().map(Enum::name).toArray();
        ps.setArray(index, c.createArrayOf("text", names));
    }

    /** Retries since the last checkpoint, persisted with it rather than with a write of their own. */
    public record RetryNote(long count, String lastError) {
        public static final RetryNote NONE = new RetryNote(0, null);
    }
}
