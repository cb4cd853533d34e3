package io.pgshift.run;

import io.pgshift.plan.LockMode;
import io.pgshift.plan.Phase;
import io.pgshift.plan.StepKind;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;

/** Maps rows of {@code pgshift.run} and {@code pgshift.step} to records; the column lists live here too. */
final class Rows {
    static final String RUN_COLUMNS = "id, playbook_name, checksum, description, target, state, phase, submitted_by,"
            + " approved_by, created_at, started_at, updated_at, finished_at, error, gate_report::text AS gate_report,"
            + " row_counts::text AS row_counts, lease_owner, lease_until, policy::text AS policy, waiting_reason,"
            + " waiting_until";

    static final String STEP_COLUMNS = "run_id, ordinal, phase, kind, path, summary, sql_text, checksum, state,"
            + " attempts, rows, started_at, finished_at, execution_time_ms, error, lock_mode, lock_table, undo::text AS undo";

    private Rows() {
    }

    static RunRecord run(ResultSet rs) throws SQLException {
        String phase = rs.getString("phase");
        return new RunRecord(rs.getLong("id"), rs.getString("playbook_name"), rs.getString("checksum"),
                rs.getString("description"), rs.getString("target"), RunState.valueOf(rs.getString("state")),
                phase == null ? null : RunState.valueOf(phase), rs.getString("submitted_by"),
                rs.getString("approved_by"), instant(rs, "created_at"), instant(rs, "started_at"),
                instant(rs, "updated_at"), instant(rs, "finished_at"), rs.getString("error"),
                GateReport.fromJson(rs.getString("gate_report")), RowCounts.fromJson(rs.getString("row_counts")), rs.getString("lease_owner"),
                instant(rs, "lease_until"), RunPolicy.fromJson(rs.getString("policy")),
                rs.getString("waiting_reason") == null ? null
                        : new Waiting(rs.getString("waiting_reason"), instant(rs, "waiting_until")));
    }

    static StepRecord step(ResultSet rs) throws SQLException {
        return new StepRecord(rs.getLong("run_id"), rs.getInt("ordinal"), Phase.valueOf(rs.getString("phase")),
                StepKind.valueOf(rs.getString("kind")), rs.getString("path"), rs.getString("summary"),
                rs.getString("sql_text"), rs.getString("checksum"), StepState.valueOf(rs.getString("state")),
                rs.getInt("attempts"), rs.getObject("rows", Long.class), instant(rs, "started_at"),
                instant(rs, "finished_at"), rs.getObject("execution_time_ms", Long.class), rs.getString("error"),
                rs.getString("lock_mode") == null ? null
                        : new StepLock(LockMode.valueOf(rs.getString("lock_mode")), rs.getString("lock_table")),
                UndoJson.read(rs.getString("undo")));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
