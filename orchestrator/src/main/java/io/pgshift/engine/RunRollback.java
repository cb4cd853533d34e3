package io.pgshift.engine;

import io.pgshift.audit.AuditAction;
import io.pgshift.audit.AuditEntry;
import io.pgshift.db.Connections;
import io.pgshift.exec.StatementExecutor;
import io.pgshift.exec.UrlConnectionSource;
import io.pgshift.plan.Statement;
import io.pgshift.plan.StepKind;
import io.pgshift.operation.Operation;
import io.pgshift.operation.OperationRegistry;
import io.pgshift.operation.SyncTriggerOperation;
import io.pgshift.playbook.Playbook;
import io.pgshift.playbook.parse.PlaybookParser;
import io.pgshift.run.RunNotFoundException;
import io.pgshift.run.RunRecord;
import io.pgshift.run.RunState;
import io.pgshift.run.StepRecord;
import io.pgshift.run.StepState;
import io.pgshift.sync.SyncTrigger;
import io.pgshift.sync.SyncTriggerStore;
import java.sql.Connection;
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

    public Result rollback(long runId, boolean dropData, String actor) throws SQLException {
        try (Connection state = Connections.open(ctx.state(), "pgshift-rollback");
             Connection target = Connections.open(ctx.target(), "pgshift-rollback");
             StatementExecutor executor = new StatementExecutor(new UrlConnectionSource(ctx.target()))) {
            RunRecord run = ctx.runs().find(state, runId).orElseThrow(() -> new RunNotFoundException(runId));
            ctx.runs().transition(state, runId, run.state(), RunState.ROLLING_BACK, null);
            ctx.audit().append(state, new AuditEntry(actor, AuditAction.ROLLBACK_STARTED, runId,
                    Map.of("from", run.state().name(), "drop_data", dropData)));
            try {
                return undoSteps(state, target, executor, run, dropData, actor);
            } catch (RuntimeException | SQLException e) {
                // A rollback that gives up (a lock it could not get) must not strand the run in
                // ROLLING_BACK: FAILED in phase ROLLING_BACK keeps its tables and may be rolled back
                // again, the steps already undone being skipped then.
                String error = "rollback stopped: " + StepRunner.firstLine(e.getMessage()) + "; once the cause is gone,"
                        + " run pgshift rollback " + runId + " again to finish it";
                ctx.runs().transition(state, runId, RunState.ROLLING_BACK, RunState.FAILED, error);
                ctx.audit().append(state, new AuditEntry(actor, AuditAction.FAILED, runId,
                        Map.of("phase", RunState.ROLLING_BACK.name(), "error", error)));
                throw e;
            }
        }
    }

    private Result undoSteps(Connection state, Connection target, StatementExecutor executor, RunRecord run,
                             boolean dropData, String actor) throws SQLException {
        long runId = run.id();
        stopBackfills(state, target, runId);
        String yaml = ctx.runs().playbookYaml(state, runId).orElseThrow(() -> new RunNotFoundException(runId));
        Playbook playbook = new PlaybookParser(run.policy().defaults()).parse("run-" + runId + ".yaml", yaml);
        List<String> undone = new ArrayList<>();
        List<String> notUndone = new ArrayList<>();
        List<StepRecord> steps = new ArrayList<>(ctx.steps().list(state, runId));
        steps.sort(Comparator.comparingInt(StepRecord::ordinal).reversed());
        for (StepRecord step : steps) {
            if (step.state() == StepState.PENDING || step.state() == StepState.SKIPPED
                    || step.state() == StepState.ROLLED_BACK || step.kind() == StepKind.GATE
                    || step.kind() == StepKind.RETAIN_SYNC_TRIGGER || step.kind() == StepKind.VERIFY) {
                continue;
            }
            Optional<List<Statement>> undo = undoOf(playbook, step, dropData);
            if (undo.isEmpty() || undo.get().isEmpty()) {
                notUndone.add(step.summary() + why(step, dropData));
                continue;
            }
            AuditingListener listener = new AuditingListener(ctx.audit(), state, actor, runId, step.path() + ":rollback");
            for (Statement statement : undo.get()) {
                executor.execute(statement, playbook.settings(), listener);
            }
            ctx.steps().stepFinished(state, runId, step.ordinal(), StepState.ROLLED_BACK, listener.attempts(), 0,
                    step.rows(), null);
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
        return new Result(done, undone, notUndone);
    }

    private void stopBackfills(Connection state, Connection target, long runId) throws SQLException {
        for (StepRecord step : ctx.steps().list(state, runId)) {
            Optional<Long> backfill = BackfillLinks.latest(target, runId, step.ordinal());
            if (backfill.isPresent() && !ctx.backfills().status(target, backfill.get()).isFinished()) {
                ctx.backfills().cancel(backfill.get());
            }
        }
    }

    private static Optional<List<Statement>> undoOf(Playbook playbook, StepRecord step, boolean dropData) {
        if (step.undo() != null) {
            // as planned, while the catalog still held what the step changed
            return Optional.of(step.undo().statements(dropData));
        }
        Operation op = switch (step.kind()) {
            case INSTALL_SYNC_TRIGGER -> new SyncTriggerOperation(playbook.backfill().get(StepPaths.index(step.path())),
                    List.of());
            case BACKFILL, GATE, RETAIN_SYNC_TRIGGER -> null;
            // every other kind is a playbook operation at its path
            default -> OperationRegistry.operation(step.path().startsWith("expand")
                    ? playbook.expand().get(StepPaths.index(step.path()))
                    : playbook.contract().get(StepPaths.index(step.path())));
        };
        return op == null ? Optional.empty() : Optional.of(op.rollback(dropData));
    }

    private static String why(StepRecord step, boolean dropData) {
        return switch (step.kind()) {
            case BACKFILL -> " (values written stay)";
            case RAW_SQL -> " (raw SQL has no automatic undo: undo it by hand if needed)";
            case ADD_ENUM_VALUE -> " (PostgreSQL cannot drop a value from an enum type: it stays)";
            case CREATE_TABLE, ADD_COLUMN -> dropData ? "" : " (kept: it may hold data written since; --drop-data drops it)";
            case DROP_COLUMN, DROP_TABLE -> " (dropped data cannot be re-created: restore it from a backup)";
            default -> "";
        };
    }
}
