package io.pgshift.engine;

import io.pgshift.audit.AuditAction;
import io.pgshift.audit.AuditEntry;
import io.pgshift.backfill.BackfillEnd;
import io.pgshift.backfill.BackfillState;
import io.pgshift.backfill.BackfillStatus;
import io.pgshift.backfill.PartitionState;
import io.pgshift.backfill.Window;
import io.pgshift.backfill.Windows;
import io.pgshift.plan.Phase;
import io.pgshift.plan.PlannedStep;
import io.pgshift.plan.StepKind;
import io.pgshift.playbook.Backfill;
import io.pgshift.playbook.Settings;
import io.pgshift.playbook.StepPath;
import io.pgshift.run.RunState;
import io.pgshift.run.StepOutcome;
import io.pgshift.run.StepRecord;
import io.pgshift.run.StepState;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.quartz.SchedulerException;

/**
 * The backfill phase: for each backfill, the sync trigger (a DDL step) then the batches, run by
 * the workers' partition jobs on the Quartz cluster. The driver only creates, schedules and
 * watches; it forwards operator pauses and cancels to the workers, which stop at a batch boundary.
 */
final class BackfillPhase {
    private static final java.time.Duration SAMPLE_EVERY = java.time.Duration.ofSeconds(5);
    private final EngineContext ctx;
    private final StepRunner stepRunner;
    private final DriverTransitions control;
    private final WindowGuard guard;
    private final SyncTriggers syncTriggers;
    private final StepLandmarks landmarks;

    BackfillPhase(EngineContext ctx, StepRunner stepRunner, DriverTransitions control, WindowGuard guard,
                  SyncTriggers syncTriggers) {
        this.landmarks = stepRunner.landmarks();
        this.ctx = ctx;
        this.stepRunner = stepRunner;
        this.control = control;
        this.guard = guard;
        this.syncTriggers = syncTriggers;
    }

    /**
     * The BACKFILLING phase: {@link #run} in it, a failure to schedule the partition jobs thrown as
     * the SQLException the driver records on the run.
     */
    void runPhase(Connection state, Connection target, LoadedRun run, boolean again)
            throws SQLException, RunHalted, InterruptedException {
        try {
            run(state, target, run, RunState.BACKFILLING, again);
        } catch (SchedulerException e) {
            throw new SQLException("cannot schedule the backfill's partition jobs: " + e.getMessage(), e);
        }
    }

    /** Runs every backfill step not done yet; with {@code again}, runs all backfills anew (gate leftovers). */
    /** {@code state}: runs, steps, audit; {@code target}: the backfill tables, which live with the data. */
    void run(Connection state, Connection target, LoadedRun run, RunState working, boolean again)
            throws SQLException, RunHalted, SchedulerException, InterruptedException {
        List<PlannedStep> steps = run.steps(Phase.BACKFILL);
        for (PlannedStep step : steps) {
            control.check(state, run.id(), working);
            if (step.kind() == StepKind.INSTALL_SYNC_TRIGGER) {
                stepRunner.run(state, run, step, guard, working);
                syncTriggers.installed(state, run, step, run.playbook().backfill().get(StepPath.parse(step.path()).index()));
            } else if (step.kind() == StepKind.BACKFILL) {
                fill(state, target, new Fill(run, step, Backfills.of(run.playbook(), step), working, again));
            }
        }
    }

    /**
     * One BACKFILL step to run: the run, the step, the backfill it runs, the working state the run
     * is in, and whether to run it anew (gate leftovers) even when done.
     */
    private record Fill(LoadedRun run, PlannedStep step, Backfill backfill, RunState working, boolean again) {
    }

    private void fill(Connection state, Connection target, Fill fill)
            throws SQLException, RunHalted, SchedulerException, InterruptedException {
        LoadedRun run = fill.run();
        PlannedStep step = fill.step();
        boolean again = fill.again();
        StepRecord record = ctx.steps().find(state, run.id(), step.ordinal()).orElseThrow();
        if (StepRunner.done(record) && !again) {
            return;
        }
        long id = startOrResume(state, target, fill);
        ctx.steps().stepStarted(state, run.id(), step.ordinal());
        landmarks.expect(state, ctx.steps(), run.id(), step.ordinal());
        long started = System.nanoTime();
        BackfillStatus status = await(state, target, fill, id);
        long ms = (System.nanoTime() - started) / 1_000_000;
        if (status.state() == BackfillState.SUCCEEDED) {
            long rows = status.rowsWritten() + (record.rows() == null || !again ? 0 : record.rows());
            landmarks.land(run.run(), step.ordinal());
            ctx.steps().stepFinished(state, run.id(), step.ordinal(), new StepOutcome(StepState.SUCCEEDED, 1, ms, rows, null));
            ctx.audit().append(state, new AuditEntry(ctx.node(), AuditAction.PHASE_DONE, run.id(), Map.of(
                    "step", step.path(), "backfill_id", id, "rows_written", status.rowsWritten(),
                    "rows_scanned", status.rowsScanned())));
            return;
        }
        String error = "backfill " + id + " of " + step.path() + " ended " + status.state() + failure(status);
        ctx.steps().stepFinished(state, run.id(), step.ordinal(),
                new StepOutcome(StepState.FAILED, 1, ms, status.rowsWritten(), error));
        throw new BackfillFailedException(error);
    }

    private long startOrResume(Connection state, Connection target, Fill fill) throws SQLException, SchedulerException {
        LoadedRun run = fill.run();
        PlannedStep step = fill.step();
        boolean again = fill.again();
        var existing = BackfillLinks.latest(target, run.run(), step.ordinal());
        if (existing.isPresent() && !again) {
            BackfillStatus status = ctx.backfills().status(target, existing.get());
            if (status.state() == BackfillState.PAUSED || status.state() == BackfillState.FAILED) {
                ctx.backfills().resume(ctx.scheduler().get(), existing.get());
            } else if (!status.isFinished()) {
                ctx.backfills().schedule(target, ctx.scheduler().get(), existing.get());
            }
            return existing.get();
        }
        long id = ctx.backfills().create(target, BackfillSpecs.of(run.playbook().name(), fill.backfill(), step,
                run.playbook().settings(), run.run().policy().allowedWindows()), ctx.settings().partitions(), run.id(),
                step.ordinal());
        ctx.backfills().schedule(target, ctx.scheduler().get(), id);
        ctx.audit().append(state, new AuditEntry(ctx.node(), AuditAction.PHASE_STARTED, run.id(), Map.of(
                "step", step.path(), "backfill_id", id, "partitions", ctx.settings().partitions(), "again", again)));
        return id;
    }

    /**
     * Polls the backfill until it ends; an operator's pause or cancel of the run is passed on to
     * it. While every partition waits for a closed window the driver stops (the guard records
     * why) and fires again at the opening, as the partitions do.
     */
    private BackfillStatus await(Connection state, Connection target, Fill fill, long id)
            throws SQLException, RunHalted, InterruptedException {
        LoadedRun run = fill.run();
        Optional<Window> window = Windows.of(BackfillSpecs.schedule(fill.backfill()), run.run().policy().allowedWindows());
        Settings settings = run.playbook().settings();
        try (DriverReads.ScanBoundBack afterwards = DriverReads.shortReads(target, settings.statementTimeout(),
                settings.scanStatementTimeout())) {
            // woken by the backfill's end, not only by the poll (the driver's target connection is in autocommit)
            BackfillEnd.listen(target);
            return pollUntilEnd(state, target, fill, id, window);
        }
    }

    private BackfillStatus pollUntilEnd(Connection state, Connection target, Fill fill, long id, Optional<Window> window)
            throws SQLException, RunHalted, InterruptedException {
        LoadedRun run = fill.run();
        RunState working = fill.working();
        long sampledAt = 0;
        while (true) {
            if (System.nanoTime() - sampledAt > SAMPLE_EVERY.toNanos()) {
                // the sync triggers' evidence: who still writes without the new columns
                syncTriggers.sample(state, target, run.id());
                sampledAt = System.nanoTime();
            }
            BackfillStatus status = ctx.backfills().status(target, id);
            if (status.isFinished()) {
                BackfillEnd.unlisten(target);
                return status;
            }
            if (window.isPresent() && allWaitingForWindow(status)) {
                guard.holdIfClosed(state, run, working, window.get(), "backfill " + id);
            } else {
                guard.working(state, run, working);
            }
            try {
                control.check(state, run.id(), working);
            } catch (RunHalted halted) {
                if (halted.state() == RunState.CANCELLED) {
                    ctx.backfills().cancel(id);
                } else {
                    ctx.backfills().pause(id);
                }
                throw halted;
            }
            BackfillEnd.await(target, ctx.settings().poll());
        }
    }

    private static boolean allWaitingForWindow(BackfillStatus status) {
        var open = status.partitions().stream().filter(p -> !p.state().isTerminal()).toList();
        return !open.isEmpty() && open.stream().allMatch(p -> p.state() == PartitionState.WAITING_FOR_WINDOW);
    }

    private static String failure(BackfillStatus status) {
        return status.partitions().stream().filter(p -> p.lastError() != null).findFirst()
                .map(p -> ": partition " + p.partitionNo() + ": " + p.lastError()).orElse("");
    }
}
