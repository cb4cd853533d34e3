package io.pgshift.run;

import io.pgshift.db.Channel;
import io.pgshift.db.Transactions;
import io.pgshift.playbook.Playbook;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Persists runs in {@code pgshift.run} and the tables they hold in {@code pgshift.run_table}.
 * It guards transitions (the {@link RunState} table, checked optimistically against the stored
 * state) and run identity, nothing else. Methods given a connection in autocommit mode run in
 * their own transaction; with autocommit off they join the caller's.
 */
public final class RunStore {
    /** First key of the per-playbook-name advisory lock (ASCII "pgru"); the second is the name's hash. */
    private static final int NAME_LOCK_NAMESPACE = 0x70677275;
    /**
     * Every state transition is announced here with the run's id, at its commit, so that a watcher
     * (apply's progress line) sees a run end at once instead of at its next poll.
     */
    public static final Channel STATE_CHANGES = new Channel("pgshift_run_state");

    private final StepStore steps;

    public RunStore(StepStore steps) {
        this.steps = steps;
    }

    /**
     * Maps a submitted playbook to its run. Same name and checksum (or the checksum accepted for it,
     * {@link AcceptedChecksums}) as a live run: that run (resume, or nothing to do when it
     * succeeded). Same name, other checksum: refused. Otherwise a new PENDING run with its steps
     * and tables, in one transaction.
     *
     * @throws ChangedPlaybookException the name has a live or succeeded run of different content
     * @throws TableBusyException       another run that has not ended holds one of {@code tables}
     */
    public Submission createOrResume(Connection c, NewRun submitted) throws SQLException {
        Playbook playbook = submitted.playbook();
        return Transactions.inTransaction(c, tx -> {
            lockName(tx, playbook.name());
            Optional<RunRecord> live = findLive(tx, playbook.name());
            if (live.isPresent()) {
                return existing(tx, live.get(), playbook.checksum());
            }
            RunRecord run = insertRun(tx, playbook, submitted.actor(), submitted.policy());
            TableClaims.claim(tx, run.id(), submitted.tables());
            steps.insertAll(tx, run.id(), submitted.plan().steps());
            return new Submission(run, Submission.Outcome.CREATED);
        });
    }

    /**
     * Moves run {@code runId} from {@code from} to {@code to}, recording {@code error} (null
     * clears it). Entering a working state records it as the run's phase; entering a terminal
     * state stamps finished_at, drops the lease and frees the run's tables, all in one transaction.
     *
     * @throws IllegalTransitionException the run is not in {@code from} (any more), or may not move to {@code to}
     */
    public RunRecord transition(Connection c, long runId, RunState from, RunState to, String error)
            throws SQLException {
        return Transactions.inTransaction(c, tx -> {
            RunRecord current = find(tx, runId).orElseThrow(() -> new RunNotFoundException(runId));
            if (current.state() != from || !from.mayResumeTo(to, current.phase())) {
                throw IllegalTransitionException.run(runId, from, current.state(), current.phase(), to);
            }
            RunRecord moved = updateState(tx, current, to, error)
                    .orElseThrow(() -> staleTransition(tx, runId, from, to));
            if (to.isTerminal()) {
                TableClaims.release(tx, runId);
            } else if (from.isTerminal()) {
                TableClaims.reclaim(tx, runId, "run " + runId + " cannot be rolled back now: another run holds one"
                        + " of its tables; wait for it to end (pgshift history) and roll back then");
            }
            return moved;
        });
    }

    /**
     * Moves run {@code runId} from {@code from} back to the earlier phase {@code to}, whose steps its
     * target lost ({@link RunState#mayReturnTo}); a working run keeps its lease and tables, a
     * succeeded one claims its tables again. Called inside the caller's transaction.
     *
     * @throws IllegalTransitionException the run moved meanwhile, or another run holds one of its tables
     */
    public RunRecord returnTo(Connection tx, long runId, RunState from, RunState to) throws SQLException {
        RunRecord current = find(tx, runId).orElseThrow(() -> new RunNotFoundException(runId));
        if (current.state() != from || !from.mayReturnTo(to)) {
            throw IllegalTransitionException.run(runId, from, current.state(), current.phase(), to);
        }
        RunRecord moved = updateState(tx, current, to, null).orElseThrow(() -> staleTransition(tx, runId, from, to));
        if (from.isTerminal()) {
            TableClaims.reclaim(tx, runId, to == RunState.ROLLING_BACK
                    ? "run " + runId + " cannot undo again what its target lost of its rollback now: another run holds"
                    + " one of its tables; wait for it to end (pgshift history) and roll run " + runId + " back again then"
                    : "run " + runId + " cannot run the steps its target lost now: another run holds one of its tables;"
                    + " wait for it to end (pgshift history) and apply the playbook again then");
        }
        return moved;
    }

    /**
     * Records who approved a run waiting for approval, once: a run already approved is refused
     * ({@link AlreadyApprovedException}). The driver then moves it on.
     */
    public RunRecord recordApproval(Connection c, long runId, String approver) throws SQLException {
        // approved_by IS NULL: of two approvals racing, the second finds the row taken and is refused
        Optional<RunRecord> approved = updateReturning(c, "approved_by = ?",
                "state = 'AWAITING_APPROVAL' AND approved_by IS NULL", runId, approver);
        if (approved.isPresent()) {
            return approved.get();
        }
        Optional<RunRecord> current = find(c, runId);
        if (current.isPresent() && current.get().state() == RunState.AWAITING_APPROVAL) {
            throw new AlreadyApprovedException(runId, current.get().approvedBy());
        }
        throw new IllegalTransitionException("run " + runId + " is not awaiting approval (" + describeState(c, runId)
                + "); only AWAITING_APPROVAL runs can be approved");
    }

    /** Stores the gate's report, replacing an earlier one. */
    public RunRecord recordGate(Connection c, long runId, GateReport report) throws SQLException {
        return updateReturning(c, "gate_report = ?::jsonb", "true", runId, report.json())
                .orElseThrow(() -> new RunNotFoundException(runId));
    }

    /** Stores the row counts of the touched tables, replacing earlier ones. */
    public RunRecord recordRowCounts(Connection c, long runId, RowCounts counts) throws SQLException {
        return updateReturning(c, "row_counts = ?::jsonb", "true", runId, counts.json())
                .orElseThrow(() -> new RunNotFoundException(runId));
    }

    /**
     * Records why run {@code runId}, still in {@code working}, is waiting ({@code waiting}) or that
     * it no longer is (null). A run that left {@code working} meanwhile is left as it is.
     */
    public void recordWaiting(Connection c, long runId, RunState working, Waiting waiting) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE pgshift.run SET waiting_reason = ?, waiting_until = ?,"
                + " updated_at = clock_timestamp() WHERE id = ? AND state = ?")) {
            ps.setString(1, waiting == null ? null : waiting.reason());
            ps.setObject(2, waiting == null || waiting.until() == null ? null
                    : java.time.OffsetDateTime.ofInstant(waiting.until(), java.time.ZoneOffset.UTC));
            ps.setLong(3, runId);
            ps.setString(4, working.name());
            ps.executeUpdate();
        }
    }

    /** The run's state alone: a watch reads it every second while a long statement runs. */
    public Optional<RunState> stateOf(Connection c, long runId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT state FROM pgshift.run WHERE id = ?")) {
            ps.setLong(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(RunState.valueOf(rs.getString(1))) : Optional.empty();
            }
        }
    }

    public Optional<RunRecord> find(Connection c, long runId) throws SQLException {
        return queryOne(c, "SELECT " + Rows.RUN_COLUMNS + " FROM pgshift.run WHERE id = ?", ps -> ps.setLong(1, runId));
    }

    /**
     * The runs a driver should be carrying ({@link RunState#driven}, or approved and awaiting
     * approval) whose lease expired, or that have none and have not moved, more than {@code grace}
     * ago: no driver holds them now. Whether one is set to fire is Quartz's to tell.
     */
    public List<Long> leaseless(Connection c, Duration grace) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM pgshift.run"
                + " WHERE (state = ANY (?::text[]) OR state = 'AWAITING_APPROVAL' AND approved_by IS NOT NULL)"
                + " AND coalesce(lease_until, updated_at) < clock_timestamp() - ? * interval '1 millisecond' ORDER BY id")) {
            ps.setArray(1, c.createArrayOf("text", RunState.driven().stream().map(Enum::name).toArray()));
            ps.setLong(2, grace.toMillis());
            List<Long> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            return ids;
        }
    }

    /** The run, its row locked until the end of {@code tx}: nobody else moves it meanwhile. */
    public Optional<RunRecord> lock(Connection tx, long runId) throws SQLException {
        return queryOne(tx, "SELECT " + Rows.RUN_COLUMNS + " FROM pgshift.run WHERE id = ? FOR UPDATE",
                ps -> ps.setLong(1, runId));
    }

    /** The newest run of the playbook name, whatever its state. */
    public Optional<RunRecord> findByName(Connection c, String playbookName) throws SQLException {
        return queryOne(c, "SELECT " + Rows.RUN_COLUMNS + " FROM pgshift.run WHERE playbook_name = ?"
                + " ORDER BY id DESC LIMIT 1", ps -> ps.setString(1, playbookName));
    }

    /** The YAML the run was submitted with. */
    public Optional<String> playbookYaml(Connection c, long runId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT playbook_yaml FROM pgshift.run WHERE id = ?")) {
            ps.setLong(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** History, newest first. */
    public List<RunRecord> list(Connection c, RunFilter filter, int limit, int offset) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + Rows.RUN_COLUMNS + " FROM pgshift.run"
                + " WHERE (cardinality(?::text[]) = 0 OR state = ANY (?::text[]))"
                + " AND (?::text IS NULL OR playbook_name = ?) ORDER BY id DESC LIMIT ? OFFSET ?")) {
            var states = c.createArrayOf("text", filter.states().stream().map(Enum::name).toArray());
            ps.setArray(1, states);
            ps.setArray(2, states);
            ps.setString(3, filter.playbookName());
            ps.setString(4, filter.playbookName());
            ps.setInt(5, limit);
            ps.setInt(6, offset);
            List<RunRecord> runs = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    runs.add(Rows.run(rs));
                }
            }
            return runs;
        }
    }

    // Submissions of one name serialise here, so two nodes cannot both create its run.
    private static void lockName(Connection tx, String name) throws SQLException {
        try (PreparedStatement ps = tx.prepareStatement("SELECT pg_advisory_xact_lock(?, hashtext(?))")) {
            ps.setInt(1, NAME_LOCK_NAMESPACE);
            ps.setString(2, name);
            ps.execute();
        }
    }

    private static Optional<RunRecord> findLive(Connection tx, String name) throws SQLException {
        return queryOne(tx, "SELECT " + Rows.RUN_COLUMNS + " FROM pgshift.run WHERE playbook_name = ?"
                + " AND state NOT IN ('CANCELLED', 'ROLLED_BACK')", ps -> ps.setString(1, name));
    }

    private static Submission existing(Connection tx, RunRecord live, String checksum) throws SQLException {
        if (!AcceptedChecksums.matches(tx, live, checksum)) {
            throw new ChangedPlaybookException(live, checksum);
        }
        return new Submission(live, live.state() == RunState.SUCCEEDED
                ? Submission.Outcome.ALREADY_APPLIED : Submission.Outcome.RESUMED);
    }

    private static RunRecord insertRun(Connection tx, Playbook playbook, String actor, RunPolicy policy)
            throws SQLException {
        return queryOne(tx, "INSERT INTO pgshift.run (playbook_name, checksum, playbook_yaml, description, state,"
                + " submitted_by, policy) VALUES (?, ?, ?, ?, 'PENDING', ?, ?::jsonb) RETURNING " + Rows.RUN_COLUMNS, ps -> {
                    ps.setString(1, playbook.name());
                    ps.setString(2, playbook.checksum());
                    ps.setString(3, playbook.source());
                    ps.setString(4, playbook.description());
                    ps.setString(5, actor);
                    ps.setString(6, policy.toJson());
                }).orElseThrow();
    }

    private static Optional<RunRecord> updateState(Connection tx, RunRecord current, RunState to, String error)
            throws SQLException {
        Optional<RunRecord> moved = queryOne(tx, "UPDATE pgshift.run SET state = ?, phase = CASE WHEN ? THEN ? ELSE phase END, error = ?,"
                + " started_at = CASE WHEN ? THEN coalesce(started_at, clock_timestamp()) ELSE started_at END,"
                + " finished_at = CASE WHEN ? THEN clock_timestamp() END,"
                + " lease_owner = CASE WHEN ? THEN NULL ELSE lease_owner END,"
                + " lease_until = CASE WHEN ? THEN NULL ELSE lease_until END,"
                + " lease_session = CASE WHEN ? THEN NULL ELSE lease_session END, updated_at = clock_timestamp(),"
                // whatever it waited for, a run that moves is no longer waiting for it
                + " waiting_reason = NULL, waiting_until = NULL"
                + " WHERE id = ? AND state = ? AND phase IS NOT DISTINCT FROM ? RETURNING " + Rows.RUN_COLUMNS, ps -> {
                    ps.setString(1, to.name());
                    ps.setBoolean(2, to.isWorking());
                    ps.setString(3, to.name());
                    ps.setString(4, error);
                    ps.setBoolean(5, to.isWorking());
                    ps.setBoolean(6, to.isTerminal());
                    ps.setBoolean(7, to.isTerminal());
                    ps.setBoolean(8, to.isTerminal());
                    ps.setBoolean(9, to.isTerminal());
                    ps.setLong(10, current.id());
                    ps.setString(11, current.state().name());
                    ps.setString(12, current.phase() == null ? null : current.phase().name());
                });
        if (moved.isPresent()) {
            STATE_CHANGES.announce(tx, Long.toString(current.id()));
        }
        return moved;
    }

    private IllegalTransitionException staleTransition(Connection tx, long runId, RunState from, RunState to) {
        try {
            RunRecord now = find(tx, runId).orElse(null);
            return IllegalTransitionException.run(runId, from, now == null ? null : now.state(),
                    now == null ? null : now.phase(), to);
        } catch (SQLException e) {
            IllegalTransitionException stale = IllegalTransitionException.run(runId, from, null, null, to);
            stale.addSuppressed(e);
            return stale;
        }
    }

    private static Optional<RunRecord> updateReturning(Connection c, String assignment, String condition, long runId,
                                                       String value) throws SQLException {
        return queryOne(c, "UPDATE pgshift.run SET " + assignment + ", updated_at = clock_timestamp()"
                + " WHERE id = ? AND " + condition + " RETURNING " + Rows.RUN_COLUMNS, ps -> {
                    ps.setString(1, value);
                    ps.setLong(2, runId);
                });
    }

    private String describeState(Connection c, long runId) throws SQLException {
        return find(c, runId).map(r -> "it is " + r.state()).orElse("it does not exist");
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private static Optional<RunRecord> queryOne(Connection c, String sql, Binder binder) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(Rows.run(rs)) : Optional.empty();
            }
        }
    }
}
