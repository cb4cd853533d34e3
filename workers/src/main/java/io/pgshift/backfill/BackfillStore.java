package io.pgshift.backfill;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/** Reads and writes {@code pgshift.backfill} rows; callers own the transaction. */
public final class BackfillStore {
    private BackfillStore() {
    }

    public static long insert(Connection c, BackfillSpec spec, List<PartitionRange> ranges, Long runId,
                              Integer stepOrdinal) throws SQLException {
        long id;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO pgshift.backfill (run_id, step_ordinal, name, spec,"
                + " estimated_rows) VALUES (?, ?, ?, ?::jsonb, ?) RETURNING id")) {
            ps.setObject(1, runId, Types.BIGINT);
            ps.setObject(2, stepOrdinal, Types.INTEGER);
            ps.setString(3, spec.name());
            ps.setString(4, SpecJson.write(spec));
            ps.setLong(5, ranges.stream().mapToLong(PartitionRange::estimatedRows).sum());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO pgshift.backfill_partition (backfill_id, partition_no,"
                + " lower_key, upper_key, batch_size, estimated_rows) VALUES (?, ?, ?::jsonb, ?::jsonb, ?, ?)")) {
            for (PartitionRange r : ranges) {
                ps.setLong(1, id);
                ps.setInt(2, r.partitionNo());
                ps.setString(3, SpecJson.writeKey(r.lower()));
                ps.setString(4, SpecJson.writeKey(r.upper()));
                ps.setInt(5, spec.batch().size());
                ps.setLong(6, r.estimatedRows());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return id;
    }

    public static BackfillSpec spec(Connection c, long backfillId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT spec::text FROM pgshift.backfill WHERE id = ?")) {
            ps.setLong(1, backfillId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new BackfillNotFoundException(backfillId);
                }
                return SpecJson.read(rs.getString(1));
            }
        }
    }

    /** The backfill's state, with its row locked until the transaction ends. */
    public static BackfillState lockState(Connection c, long backfillId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT state FROM pgshift.backfill WHERE id = ? FOR UPDATE")) {
            ps.setLong(1, backfillId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new BackfillNotFoundException(backfillId);
                }
                return BackfillState.valueOf(rs.getString(1));
            }
        }
    }

    /** Moves the backfill, checking the transition table against the state read under lock. */
    public static void move(Connection c, long backfillId, BackfillState next) throws SQLException {
        BackfillState current = lockState(c, backfillId);
        if (current == next) {
            return;
        }
        current.moveTo(next);
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE pgshift.backfill SET state = ?, updated_at = now() WHERE id = ?")) {
            ps.setString(1, next.name());
            ps.setLong(2, backfillId);
            ps.executeUpdate();
        }
    }

    /**
     * Called when a partition reached a terminal state or failed: the backfill succeeds once
     * every partition is DONE, and fails once every partition has stopped with at least one FAILED;
     * either way a waiting driver hears of it at the commit ({@link BackfillEnd}).
     */
    public static void settle(Connection c, long backfillId) throws SQLException {
        BackfillState current = lockState(c, backfillId);
        if (current == BackfillState.PENDING) {
            // a partition ended, so it ran: its start's move to RUNNING was lost (a failover to a
            // standby behind the primary); left PENDING, the backfill would never end
            move(c, backfillId, BackfillState.RUNNING);
        } else if (current != BackfillState.RUNNING) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FILTER (WHERE state = 'DONE'),"
                + " count(*) FILTER (WHERE state = 'FAILED'), count(*) FROM pgshift.backfill_partition WHERE backfill_id = ?")) {
            ps.setLong(1, backfillId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long done = rs.getLong(1);
                long failed = rs.getLong(2);
                long all = rs.getLong(3);
                if (done == all) {
                    move(c, backfillId, BackfillState.SUCCEEDED);
                    BackfillEnd.announce(c, backfillId);
                } else if (failed > 0 && done + failed == all) {
                    move(c, backfillId, BackfillState.FAILED);
                    BackfillEnd.announce(c, backfillId);
                }
            }
        }
    }
}
