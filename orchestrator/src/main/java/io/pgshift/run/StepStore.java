package io.pgshift.run;

import io.pgshift.plan.PlannedStep;
import io.pgshift.plan.Statement;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Persists the steps of runs. Every state change is a guarded UPDATE (the step must be in a
 * state that leads to the new one), so two drivers cannot both finish the same step.
 */
public final class StepStore {

    /** Inserts the planned steps of a new run, all PENDING, in the caller's transaction. */
    void insertAll(Connection c, long runId, List<PlannedStep> steps) throws SQLException {
        // A step whose effect the catalog showed before the run began is SKIPPED from the start: it is
        // never executed, and never undone by a rollback (it was there before pgshift came).
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO pgshift.step (run_id, ordinal, phase, kind, path,"
                + " summary, sql_text, checksum, state, error, lock_mode, lock_table, undo)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)")) {
            for (PlannedStep step : steps) {
                String sql = sqlText(step.statements());
                ps.setLong(1, runId);
                ps.setInt(2, step.ordinal());
                ps.setString(3, step.phase().name());
                ps.setString(4, step.kind().name());
                ps.setString(5, step.path());
                ps.setString(6, step.summary());
                ps.setString(7, sql);
                ps.setString(8, sha256(sql));
                ps.setString(9, step.present() ? StepState.SKIPPED.name() : StepState.PENDING.name());
                ps.setString(10, step.present() ? "already present before the run" : null);
                StepLock lock = StepLock.of(step).orElse(null);
                ps.setString(11, lock == null ? null : lock.mode().name());
                ps.setString(12, lock == null ? null : lock.table());
                ps.setString(13, UndoJson.write(step.undo()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    public List<StepRecord> list(Connection c, long runId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + Rows.STEP_COLUMNS
                + " FROM pgshift.step WHERE run_id = ? ORDER BY ordinal")) {
            ps.setLong(1, runId);
            return steps(ps);
        }
    }

    public Optional<StepRecord> find(Connection c, long runId, int ordinal) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + Rows.STEP_COLUMNS
                + " FROM pgshift.step WHERE run_id = ? AND ordinal = ?")) {
            ps.setLong(1, runId);
            ps.setInt(2, ordinal);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(Rows.step(rs)) : Optional.empty();
            }
        }
    }

    /** Marks the step RUNNING and stamps its start; the attempt is counted when it finishes. */
    public StepRecord stepStarted(Connection c, long runId, int ordinal) throws SQLException {
        return guardedUpdate(c, runId, ordinal, StepState.RUNNING, new Assignments()
                .setSql("started_at", "clock_timestamp()").setSql("finished_at", "NULL").setSql("error", "NULL"));
    }

    /** Records how the step ended. */
    public StepRecord stepFinished(Connection c, long runId, int ordinal, StepOutcome outcome) throws SQLException {
        return guardedUpdate(c, runId, ordinal, outcome.state(), new Assignments()
                .set("attempts", outcome.attempts(), Types.INTEGER)
                .set("execution_time_ms", outcome.executionTimeMs(), Types.BIGINT)
                .set("rows", outcome.rows(), Types.BIGINT)
                .set("error", outcome.error(), Types.VARCHAR)
                .setSql("finished_at", "clock_timestamp()"));
    }

    /**
     * Marks a started step as one whose success leaves a landmark in the target: its run's state
     * lives apart from the target, and only the target can tell whether a failover lost it.
     */
    public void expectLandmark(Connection c, long runId, int ordinal) throws SQLException {
        flag(c, runId, ordinal, "expects_landmark");
    }

    /** The run's SUCCEEDED steps that left a landmark in the target, in order. */
    public List<StepRecord> landmarked(Connection c, long runId) throws SQLException {
        return flagged(c, runId, StepState.SUCCEEDED, "expects_landmark");
    }

    /**
     * A SUCCEEDED step whose effect the target lost (a failover): RUNNING again, like a step a crash
     * interrupted, so that it runs again; its statements are idempotent or guarded.
     */
    public StepRecord stepLost(Connection c, long runId, int ordinal) throws SQLException {
        return moveBack(c, runId, ordinal, BackMove.EFFECT_LOST);
    }

    /**
     * The rollback's undo of the step removed its landmark from the target: from now on the target
     * still holding that landmark means it lost the undo ({@link #unmarkedUndos}).
     */
    public void landmarkRemoved(Connection c, long runId, int ordinal) throws SQLException {
        flag(c, runId, ordinal, "landmark_removed");
    }

    /** The run's ROLLED_BACK steps whose undo removed their landmark from the target, in order. */
    public List<StepRecord> unmarkedUndos(Connection c, long runId) throws SQLException {
        return flagged(c, runId, StepState.ROLLED_BACK, "landmark_removed");
    }

    /**
     * A ROLLED_BACK step whose undo the target lost (a failover): SUCCEEDED again, as before the
     * rollback, so that the rollback undoes it again; its undo is idempotent (DROP ... IF EXISTS).
     */
    public StepRecord undoLost(Connection c, long runId, int ordinal) throws SQLException {
        return moveBack(c, runId, ordinal, BackMove.UNDO_LOST);
    }

    /** Sets the step's boolean {@code column} (one of the landmark flags). */
    private static void flag(Connection c, long runId, int ordinal, String column) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE pgshift.step SET " + column + " = true WHERE run_id = ? AND ordinal = ?")) {
            ps.setLong(1, runId);
            ps.setInt(2, ordinal);
            ps.executeUpdate();
        }
    }

    private static List<StepRecord> flagged(Connection c, long runId, StepState state, String column)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + Rows.STEP_COLUMNS + " FROM pgshift.step"
                + " WHERE run_id = ? AND state = ? AND " + column + " ORDER BY ordinal")) {
            ps.setLong(1, runId);
            ps.setString(2, state.name());
            return steps(ps);
        }
    }

    /** The moves back that a failover's loss makes: from, to, and what else the row forgets. */
    private enum BackMove {
        EFFECT_LOST(StepState.SUCCEEDED, StepState.RUNNING, "finished_at = NULL"),
        UNDO_LOST(StepState.ROLLED_BACK, StepState.SUCCEEDED, "landmark_removed = false");

        private final StepState from;
        private final StepState to;
        private final String also;

        BackMove(StepState from, StepState to, String also) {
            this.from = from;
            this.to = to;
            this.also = also;
        }
    }

    /** Refused, with the step's state, if it is no longer where the move starts. */
    private StepRecord moveBack(Connection c, long runId, int ordinal, BackMove move) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE pgshift.step SET state = ?, " + move.also
                + " WHERE run_id = ? AND ordinal = ? AND state = ? RETURNING " + Rows.STEP_COLUMNS)) {
            ps.setString(1, move.to.name());
            ps.setLong(2, runId);
            ps.setInt(3, ordinal);
            ps.setString(4, move.from.name());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return Rows.step(rs);
                }
            }
        }
        throw IllegalTransitionException.step(runId, ordinal, find(c, runId, ordinal).map(StepRecord::state).orElse(null),
                move.to);
    }

    private static List<StepRecord> steps(PreparedStatement ps) throws SQLException {
        List<StepRecord> steps = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                steps.add(Rows.step(rs));
            }
        }
        return steps;
    }

    private StepRecord guardedUpdate(Connection c, long runId, int ordinal, StepState to, Assignments assignments)
            throws SQLException {
        String from = StepState.allowedBefore(to).stream().map(s -> "'" + s.name() + "'")
                .collect(Collectors.joining(", "));
        try (PreparedStatement ps = c.prepareStatement("UPDATE pgshift.step SET state = ?, " + assignments.sql()
                + " WHERE run_id = ? AND ordinal = ? AND state IN (" + from + ") RETURNING " + Rows.STEP_COLUMNS)) {
            ps.setString(1, to.name());
            assignments.bind(ps, 2);
            int next = 2 + assignments.size();
            ps.setLong(next, runId);
            ps.setInt(next + 1, ordinal);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return Rows.step(rs);
                }
            }
        }
        throw IllegalTransitionException.step(runId, ordinal,
                find(c, runId, ordinal).map(StepRecord::state).orElse(null), to);
    }

    /** The statements as one reviewable script. */
    static String sqlText(List<Statement> statements) {
        return statements.stream().map(s -> s.sql().strip().endsWith(";") ? s.sql().strip() : s.sql().strip() + ";")
                .collect(Collectors.joining("\n"));
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }
}
