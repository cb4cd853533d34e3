package io.pgshift.engine;

import io.pgshift.audit.AuditAction;
import io.pgshift.audit.AuditEntry;
import io.pgshift.audit.Redactable;
import io.pgshift.db.Connections;
import io.pgshift.exec.StatementExecutor;
import io.pgshift.exec.UrlConnectionSource;
import io.pgshift.plan.Statement;
import io.pgshift.plan.StepKind;
import io.pgshift.operation.AlterColumnTypeOperation;
import io.pgshift.operation.Operation;
import io.pgshift.operation.OperationRegistry;
import io.pgshift.operation.SyncTriggerOperation;
import io.pgshift.playbook.AlterColumnType;
import io.pgshift.playbook.Playbook;
import io.pgshift.playbook.StepPath;
import io.pgshift.playbook.parse.PlaybookParser;
import io.pgshift.run.RunNotFoundException;
import io.pgshift.run.RunRecord;
import io.pgshift.run.RunState;
import io.pgshift.run.StepOutcome;
import io.pgshift.run.StepRecord;
import io.pgshift.run.StepState;
import io.pgshift.sync.SyncTrigger;
import io.pgshift.sync.SyncTriggerStore;
import io.pgshift.exec.ExecutionInterruptedException;
import io.pgshift.exec.RetryClassifier;
import io.pgshift.run.RunLeases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Undoes a run's completed steps in reverse: constraints dropped, indexes dropped concurrently,
 * sync triggers removed. Added columns and tables are dropped only with {@code dropData}, because
 * the application may have written to them since. Backfilled values, raw SQL, enum values and
 * dropped columns and tables are not undone (listed in the result); gates and verify steps changed
 * nothing. Steps that were present before the run are never touched.
 */
public final class RunRollback {
    private final EngineContext ctx;

    public RunRollback(EngineContext ctx) {
        this.ctx = ctx;
    }

    /** What the rollback did and what it could not undo. */
    public record Result(RunRecord run, List<String> undone, List<String> notUndone) {
    }

    /**
     * Asks for the run's rollback: records what was asked and by whom on the run, moves it to
     * ROLLING_BACK (refused from states that cannot be rolled back) and audits it. Quick, so a
     * request thread may do it; the undoing is the driver's ({@link #carryOn}), which any node
     * (or this one after a restart) runs from the run's rows.
     */
    public RunRecord begin(Connection state, long runId, boolean dropData, String actor) throws SQLException {
        RunRecord run = ctx.runs().find(state, runId).orElseThrow(() -> new RunNotFoundException(runId));
        if (run.state() == RunState.ROLLING_BACK) {
            // asked already, and its driver died with its process (kill -9 of pgshift rollback) or
            // works elsewhere: asking again carries it on as first asked
            ctx.audit().append(state, new AuditEntry(actor, AuditAction.ROLLBACK_STARTED, runId,
                    Map.of("from", run.state().name(), "again", true)));
            return run;
        }
        if (run.state() == RunState.ROLLED_BACK) {
            Optional<RunRecord> again = undoAgain(state, run, dropData, actor);
            if (again.isPresent()) {
                return again.get();
            }
        }
        if (run.state().canMoveTo(RunState.ROLLING_BACK)) {
            // written first: a driver may start the moment the run is ROLLING_BACK (the transition
            // below refuses, with the reason, what cannot be rolled back)
            request(state, runId, dropData, actor);
        }
        RunRecord rolling = ctx.runs().transition(state, runId, run.state(), RunState.ROLLING_BACK, null);
        ctx.audit().append(state, new AuditEntry(actor, AuditAction.ROLLBACK_STARTED, runId,
                Map.of("from", run.state().name(), "drop_data", dropData)));
        return rolling;
    }

    /**
     * A rolled-back run whose target lost the undo of some steps since (a failover to a standby
     * behind it; only with the state apart, where the undo removed their landmarks): rolling it back
     * again undoes them again, as asked now. Empty when the target lost nothing.
     */
    private Optional<RunRecord> undoAgain(Connection state, RunRecord run, boolean dropData, String actor)
            throws SQLException {
        if (!ctx.stateApart()) {
            return Optional.empty();
        }
        LostSteps losses = new LostSteps(ctx);
        try (Connection target = Connections.open(ctx.target(), "pgshift-landmarks")) {
            List<StepRecord> lost = losses.findUndos(state, target, run);
            if (lost.isEmpty()) {
                return Optional.empty();
            }
            // written first, as below: the driver starts the moment the run is ROLLING_BACK
            request(state, run.id(), dropData, actor);
            losses.recoverUndos(state, target, run);
            ctx.audit().append(state, new AuditEntry(actor, AuditAction.ROLLBACK_STARTED, run.id(),
                    Map.of("from", RunState.ROLLED_BACK.name(), "drop_data", dropData, "undo_lost", LostSteps.paths(lost))));
            return ctx.runs().find(state, run.id());
        }
    }

    private static void request(Connection state, long runId, boolean dropData, String actor) throws SQLException {
        try (PreparedStatement ps = state.prepareStatement("UPDATE pgshift.run SET rollback_request ="
                + " jsonb_build_object('drop_data', ?, 'by', ?) WHERE id = ?")) {
            ps.setBoolean(1, dropData);
            ps.setString(2, actor);
            ps.setLong(3, runId);
            ps.executeUpdate();
        }
    }

    /**
     * Carries an asked-for rollback out in this thread, as {@code pgshift rollback} does without a
     * daemon: a driver here (taking the run's lease like any driver), then the report.
     *
     * @throws RollbackStoppedException the rollback stopped on an error (the run is FAILED in phase
     *                                  ROLLING_BACK), or another driver is carrying it on
     */
    public Result finishHere(long runId) throws SQLException, InterruptedException {
        // a restart of the database while a drop waits for its lock is ridden out, as the apply's driver does
        RunOutcome outcome = new OutageRide(ctx).drive(runId).orElseThrow(() -> new RollbackStoppedException(runId,
                RunState.ROLLING_BACK, "the database stayed unreachable for more than " + OutageRide.PATIENCE.toMinutes()
                        + " minutes; run pgshift rollback " + runId + " again once it answers"));
        try (Connection state = Connections.open(ctx.state(), "pgshift-rollback")) {
            RunRecord run = ctx.runs().find(state, runId).orElseThrow(() -> new RunNotFoundException(runId));
            if (run.state() == RunState.ROLLING_BACK) {
                throw new RollbackStoppedException(runId, run.state(), "another driver (" + run.leaseOwner()
                        + ") is carrying the rollback on; follow it with pgshift status " + runId);
            }
            if (run.state() != RunState.ROLLED_BACK) {
                throw new RollbackStoppedException(runId, run.state(), run.error() == null ? outcome.error() : run.error());
            }
            return report(state, run);
        }
    }

    /**
     * What the run's rollback undid and could not undo, from its step rows and the audit entry of
     * its end (a rollback finished in several goes lists the steps of all of them).
     */
    public Result report(Connection state, RunRecord run) throws SQLException {
        List<String> undone = ctx.steps().list(state, run.id()).stream()
                .filter(s -> s.state() == StepState.ROLLED_BACK)
                .sorted(Comparator.comparingInt(StepRecord::ordinal).reversed())
                .map(StepRecord::summary).toList();
        List<String> notUndone = new ArrayList<>();
        try (PreparedStatement ps = state.prepareStatement("SELECT jsonb_array_elements_text(details->'not_undone')"
                + " FROM pgshift.audit_log WHERE id = (SELECT max(id) FROM pgshift.audit_log WHERE run_id = ?"
                + " AND action = 'ROLLED_BACK')")) {
            ps.setLong(1, run.id());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    notUndone.add(rs.getString(1));
                }
            }
        }
        return new Result(run, undone, notUndone);
    }

    /**
     * The driver's part: undoes what is left to undo of a run in ROLLING_BACK, on the driver's
     * (fenced) state connection. A rollback that stops on an error (a lock it could not get)
     * leaves the run FAILED in phase ROLLING_BACK, never stranded: it keeps its tables and is
     * finished by asking for the rollback again, the steps already undone being skipped then.
     */
    RunRecord carryOn(Connection state, long runId) throws SQLException {
        RunRecord run = ctx.runs().find(state, runId).orElseThrow(() -> new RunNotFoundException(runId));
        boolean dropData = false;
        String actor = ctx.node();
        try (PreparedStatement ps = state.prepareStatement("SELECT coalesce((rollback_request->>'drop_data')::boolean,"
                + " false), rollback_request->>'by' FROM pgshift.run WHERE id = ?")) {
            ps.setLong(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    dropData = rs.getBoolean(1);
                    actor = rs.getString(2) == null ? actor : rs.getString(2);
                }
            }
        }
        try (Connection target = Connections.open(ctx.target(), "pgshift-rollback");
             StatementExecutor executor = new StatementExecutor(new UrlConnectionSource(ctx.target()))) {
            return undoSteps(state, target, executor, run, new RollbackRequest(dropData, actor));
        } catch (RuntimeException | SQLException e) {
            if (e instanceof ExecutionInterruptedException || RunLeases.fenced(e)
                    || e instanceof SQLException s && RetryClassifier.classify(s).connectionLost()) {
                // the node is stopping, another driver has the run, or the database went away:
                // nothing is wrong with the rollback, which goes on from its rows
                throw e;
            }
            String error = "rollback stopped: " + StepRunner.firstLine(e.getMessage()) + "; once the cause is gone,"
                    + " run pgshift rollback " + runId + " again to finish it";
            ctx.runs().transition(state, runId, RunState.ROLLING_BACK, RunState.FAILED, error);
            String audited = "rollback stopped: " + Redactable.firstLine(e, run.policy().disclosure())
                    + "; once the cause is gone, run pgshift rollback " + runId + " again to finish it";
            ctx.audit().append(state, new AuditEntry(actor, AuditAction.FAILED, runId,
                    Map.of("phase", RunState.ROLLING_BACK.name(), "error", audited)));
            return ctx.runs().find(state, runId).orElseThrow(() -> new RunNotFoundException(runId));
        }
    }

    private RunRecord undoSteps(Connection state, Connection target, StatementExecutor executor, RunRecord run,
                                RollbackRequest request) throws SQLException {
        boolean dropData = request.dropData();
        String actor = request.actor();
        long runId = run.id();
        stopBackfills(state, target, run);
        // steps whose undo a failover of the target lost (their landmark is back) are undone again
        new LostSteps(ctx).recoverUndos(state, target, run);
        StepLandmarks landmarks = StepLandmarks.of(ctx, target);
        String yaml = ctx.runs().playbookYaml(state, runId).orElseThrow(() -> new RunNotFoundException(runId));
        Playbook playbook = new PlaybookParser(run.policy().defaults()).parse("run-" + runId + ".yaml", yaml);
        List<String> undone = new ArrayList<>();
        List<String> notUndone = new ArrayList<>();
        List<StepRecord> steps = new ArrayList<>(ctx.steps().list(state, runId));
        steps.sort(Comparator.comparingInt(StepRecord::ordinal).reversed());
        for (StepRecord step : steps) {
            if (step.state() == StepState.PENDING || step.state() == StepState.SKIPPED
                    || step.state() == StepState.ROLLED_BACK || step.kind().changesNothing()) {
                continue;
            }
            if (swapKeptByCleanup(target, playbook, step)) {
                notUndone.add(step.summary() + " (cleanup dropped the old column: the column keeps its new type)");
                continue;
            }
            Optional<List<Statement>> undo = undoOf(playbook, step, dropData);
            if (undo.isEmpty() || undo.get().isEmpty()) {
                notUndone.add(step.summary() + why(step, dropData));
                continue;
            }
            AuditingListener listener = new AuditingListener(ctx.audit(), state, actor,
                    AuditingListener.Origin.rollbackOf(runId, step.path()), run.policy().disclosure());
            for (Statement statement : undo.get()) {
                executor.execute(statement, playbook.settings(), listener);
            }
            landmarks.remove(state, ctx.steps(), run, step.ordinal());
            ctx.steps().stepFinished(state, runId, step.ordinal(), new StepOutcome(StepState.ROLLED_BACK,
                    listener.attempts(), 0, step.rows(), null));
            undone.add(step.summary());
        }
        // the undo of each install step dropped its trigger, function and fill counter
        SyncTriggerStore triggers = new SyncTriggerStore();
        for (SyncTrigger t : triggers.ofRun(state, runId)) {
            triggers.dropped(state, t.id(), actor + " (rollback)");
        }
        RunRecord done = ctx.runs().transition(state, runId, RunState.ROLLING_BACK, RunState.ROLLED_BACK, null);
        ctx.audit().append(state, new AuditEntry(actor, AuditAction.ROLLED_BACK, runId,
                Map.of("undone", undone, "not_undone", notUndone, "drop_data", dropData)));
        return done;
    }

    private void stopBackfills(Connection state, Connection target, RunRecord run) throws SQLException {
        long runId = run.id();
        for (StepRecord step : ctx.steps().list(state, runId)) {
            Optional<Long> backfill = BackfillLinks.latest(target, run, step.ordinal());
            if (backfill.isPresent() && !ctx.backfills().status(target, backfill.get()).isFinished()) {
                ctx.backfills().cancel(backfill.get());
            }
        }
    }

    private static boolean swapKeptByCleanup(Connection target, Playbook playbook, StepRecord step) throws SQLException {
        if (step.kind() != StepKind.SWAP_COLUMN
                || !(playbook.expand().get(StepPath.parse(step.path()).index()) instanceof AlterColumnType alter)) {
            return false;
        }
        try (PreparedStatement ps = target.prepareStatement(AlterColumnTypeOperation.oldColumnDropped(alter));
             ResultSet rs = ps.executeQuery()) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    private static Optional<List<Statement>> undoOf(Playbook playbook, StepRecord step, boolean dropData) {
        if (step.undo() != null) {
            // as planned, while the catalog still held what the step changed
            return Optional.of(step.undo().statements(dropData));
        }
        Operation op = switch (step.kind()) {
            case INSTALL_SYNC_TRIGGER -> new SyncTriggerOperation(playbook.backfill().get(StepPath.parse(step.path()).index()),
                    List.of());
            case BACKFILL, GATE, RETAIN_SYNC_TRIGGER -> null;
            // every other kind is a playbook operation at its path
            default -> {
                StepPath path = StepPath.parse(step.path());
                yield OperationRegistry.operation(path.section() == StepPath.Section.EXPAND
                        ? playbook.expand().get(path.index()) : playbook.contract().get(path.index()));
            }
        };
        return op == null ? Optional.empty() : Optional.of(op.rollback(dropData));
    }

    private static String why(StepRecord step, boolean dropData) {
        return step.kind().whyNotUndone(dropData);
    }
}
