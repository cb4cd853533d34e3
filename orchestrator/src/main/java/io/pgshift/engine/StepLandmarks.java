package io.pgshift.engine;

import io.pgshift.run.RunRecord;
import io.pgshift.run.StepStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;

/**
 * What the target itself knows of a run's steps, when the run's state lives in another database.
 * A failover to an asynchronous standby loses the target's last commits, not the state
 * database's, which may then say SUCCEEDED of a step the promoted target never received. So each
 * step of such a run that succeeds leaves a row in the target's {@code pgshift.step_landmark}
 * before its own row says so: it commits after the step's effect, so WAL order keeps the effect
 * wherever the landmark is. {@link LostSteps} compares the two. With the state in the target its
 * step rows are lost along with the target's commits, and nothing needs writing.
 */
final class StepLandmarks {
    private final Connection target;

    private StepLandmarks(Connection target) {
        this.target = target;
    }

    /** Landmarks in {@code target} when the run's state lives apart from it, else none. */
    static StepLandmarks of(EngineContext ctx, Connection target) {
        return new StepLandmarks(ctx.stateApart() ? target : null);
    }

    /** Whether this run's steps leave landmarks at all. */
    boolean kept() {
        return target != null;
    }

    /** A step starts: its row says a landmark will follow its success. */
    void expect(Connection state, StepStore steps, long runId, int ordinal) throws SQLException {
        if (kept()) {
            steps.expectLandmark(state, runId, ordinal);
        }
    }

    /** The step succeeded: its landmark commits in the target (again after a rerun: the same row). */
    void land(RunRecord run, int ordinal) throws SQLException {
        write(run, ordinal, "INSERT INTO pgshift.step_landmark (run_id, run_created_at, step_ordinal) VALUES (?, ?, ?)"
                + " ON CONFLICT DO NOTHING");
    }

    /**
     * The step's undo succeeded: its landmark goes from the target, after the undo's statements, so
     * WAL order keeps the undo wherever the landmark is gone; the step's row then records it
     * ({@code landmark_removed}), and a target that still has the landmark lost the undo.
     */
    void remove(Connection state, StepStore steps, RunRecord run, int ordinal) throws SQLException {
        if (!kept()) {
            return;
        }
        write(run, ordinal, "DELETE FROM pgshift.step_landmark WHERE run_id = ? AND run_created_at = ?"
                + " AND step_ordinal = ?");
        steps.landmarkRemoved(state, run.id(), ordinal);
    }

    private void write(RunRecord run, int ordinal, String sql) throws SQLException {
        if (!kept()) {
            return;
        }
        if (!target.getAutoCommit()) {
            // left inside someone's transaction it could roll back with it, and the step be taken for lost
            throw new IllegalStateException("a step's landmark must commit at once: the driver's target connection"
                    + " is in a transaction");
        }
        try (PreparedStatement ps = target.prepareStatement(sql)) {
            ps.setLong(1, run.id());
            ps.setObject(2, createdAt(run));
            ps.setInt(3, ordinal);
            ps.executeUpdate();
        }
    }

    /**
     * The ordinals of the run's steps whose landmark the target has: none when it has not even the
     * table (a server that never had pgshift's schema, or was restored from before it: it lost all).
     */
    Set<Integer> landed(RunRecord run) throws SQLException {
        Set<Integer> landed = new HashSet<>();
        if (!hasTable()) {
            return landed;
        }
        try (PreparedStatement ps = target.prepareStatement("SELECT step_ordinal FROM pgshift.step_landmark"
                + " WHERE run_id = ? AND run_created_at = ?")) {
            ps.setLong(1, run.id());
            ps.setObject(2, createdAt(run));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    landed.add(rs.getInt(1));
                }
            }
            return landed;
        }
    }

    private boolean hasTable() throws SQLException {
        try (PreparedStatement ps = target.prepareStatement("SELECT to_regclass('pgshift.step_landmark') IS NOT NULL");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    /** Exact to the microsecond, whatever the session's time zone: a timestamptz, not a local timestamp. */
    private static OffsetDateTime createdAt(RunRecord run) {
        return OffsetDateTime.ofInstant(run.createdAt(), ZoneOffset.UTC);
    }
}
