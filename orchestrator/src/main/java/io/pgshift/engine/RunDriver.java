package io.pgshift.engine;

import io.pgshift.audit.AuditAction;
import io.pgshift.audit.AuditEntry;
import io.pgshift.audit.Redactable;
import io.pgshift.db.Connections;
import io.pgshift.db.SocketTimeouts;
import io.pgshift.error.PgshiftException;
import io.pgshift.exec.ExecutionInterruptedException;
import io.pgshift.exec.RetryClassifier;
import io.pgshift.exec.SessionLivenessWatch;
import io.pgshift.exec.StatementExecutor;
import io.pgshift.exec.StepExecutor;
import io.pgshift.exec.UrlConnectionSource;
import io.pgshift.playbook.Settings;
import io.pgshift.run.RowCounts;
import io.pgshift.run.RunNotFoundException;
import io.pgshift.run.RunLeases;
import io.pgshift.run.RunRecord;
import io.pgshift.run.RunState;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import io.pgshift.sync.RelianceDetails;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one run through its phases: expand, backfill, verify (the gate), contract; or carries
 * its rollback on, once asked for ({@link RunRollback#begin}). It is
 * stateless between calls: everything it knows is read from the run's rows, so it can stop at
 * any point (crash, pause, another node taking over) and a later call carries on.
 *
 * <p>It works only from a working state (or PENDING, or AWAITING_APPROVAL once approved, which it
 * starts; a run still awaiting approval, or held in AWAITING_CONTRACT, is left as it is); a PAUSED or FAILED run is
 * resumed by moving it back to its phase first ({@code usecase.ResumeRun}). It returns when the run
 * succeeded, failed, or an operator paused or cancelled it.
 */
public final class RunDriver {
    private static final Logger LOG = LoggerFactory.getLogger(RunDriver.class);
    /** How long the state database may take to answer "are you there" after a lost connection. */
    private static final int STATE_CHECK_SECONDS = 2;
    private final EngineContext ctx;
    private final DriverTransitions control;

    public RunDriver(EngineContext ctx) {
        this.ctx = ctx;
        this.control = new DriverTransitions(ctx.runs(), ctx.audit(), ctx.node());
    }

    /**
     * Drives run {@code runId} until it ends, stops or waits. A lost connection is thrown (the
     * caller drives again later, {@link RunDriverJob}); when the state database still answers it is
     * a {@link TargetUnreachableException}, whose reason can be recorded on the run.
     */
    public RunOutcome drive(long runId) throws SQLException, InterruptedException {
        try (Connection state = Connections.open(ctx.state(), "pgshift-driver")) {
            RunRecord start = ctx.runs().find(state, runId).orElseThrow(() -> new RunNotFoundException(runId));
            if (start.state().isTerminal() || start.state().isHalted()) {
                return new RunOutcome(runId, start.state(), start.error());
            }
            Optional<DriverLease> lease = DriverLease.take(ctx.state(), runId, ctx.node(), ctx.settings().leaseTtl());
            if (lease.isEmpty()) {
                return heldElsewhere(state, runId);
            }
            Instant resumeAt;
            try (DriverLease held = lease.get()) {
                held.fence(state);
                if (start.state() == RunState.ROLLING_BACK) {
                    RunRecord end = new RunRollback(ctx).carryOn(state, runId);
                    return new RunOutcome(runId, end.state(), end.error());
                }
                resumeAt = driveOnTarget(state, runId);
            } catch (ExecutionInterruptedException e) {
                throw handBack(runId, e);
            } catch (SQLException | RuntimeException e) {
                if (RunLeases.fenced(e)) {
                    LOG.warn("run {}: {}", runId, StepRunner.firstLine(e.getMessage()));
                    return new RunOutcome(runId, start.state(), null);
                }
                Optional<SQLException> lost = RetryClassifier.lostConnection(e);
                if (lost.isEmpty()) {
                    throw e;
                }
                throw stateAnswers(state) ? new TargetUnreachableException(lost.get()) : lost.get();
            }
            RunRecord end = ctx.runs().find(state, runId).orElseThrow(() -> new RunNotFoundException(runId));
            // an operator who paused or cancelled the run meanwhile decides when it goes on, not the window
            boolean stillWaiting = !end.state().isHalted() && !end.state().isTerminal();
            return new RunOutcome(runId, end.state(), end.error(), stillWaiting ? resumeAt : null);
        }
    }

    /**
     * Another driver holds the run (a second trigger, or Quartz recovering the jobs of a node that
     * is stopped rather than dead): this one fires again when that lease would expire, and takes
     * the run over then unless its holder renewed it.
     */
    private RunOutcome heldElsewhere(Connection state, long runId) throws SQLException {
        RunRecord run = ctx.runs().find(state, runId).orElseThrow(() -> new RunNotFoundException(runId));
        Instant expiry = run.leaseUntil() == null ? ctx.clock().instant() : run.leaseUntil();
        LOG.info("run {} is driven by {} (lease until {}); looking again then", runId, run.leaseOwner(), expiry);
        return new RunOutcome(runId, run.state(), run.error(), expiry.plusSeconds(1));
    }

    /**
     * Loads the run and drives its phases; returns when the driver should fire again (a window's
     * opening) or null. A failure is recorded on the run, except a lost connection: nothing is
     * wrong with the run then, the step that was running stays RUNNING and runs again later.
     */
    private Instant driveOnTarget(Connection state, long runId) throws SQLException, InterruptedException {
        try (Connection target = Connections.open(ctx.target(), "pgshift-gate")) {
            LoadedRun run = new RunLoader(ctx.runs()).load(state, target, runId);
            Settings settings = run.playbook().settings();
            DriverReads.prepare(target, settings.scanStatementTimeout());
            // the executor's login, guards and catalog reads are bounded like its short statements
            UrlConnectionSource ddl = new UrlConnectionSource(ctx.target(),
                    SocketTimeouts.outlasting(settings.statementTimeout()));
            // its row counts and the gate's scans send nothing until they end: watched like the executor's builds
            try (SessionLivenessWatch watch = SessionLivenessWatch.start(target, ddl,
                    "run " + runId + "'s row counts and gate");
                 StatementExecutor executor = new StatementExecutor(ddl)) {
                StepLandmarks landmarks = StepLandmarks.of(ctx, target);
                StepRunner steps = new StepRunner(new StepExecutor(executor), ctx, landmarks);
                WindowGuard guard = new WindowGuard(ctx.runs(), ctx.audit(), ctx.node(), ctx.clock(), run);
                new LostSteps(ctx).recover(state, target, run.run());
                drivePhases(state, target, run, steps, guard);
            } catch (RunHalted halted) {
                LOG.info("run {} stopped: {}", runId, halted.getMessage());
                return halted.resumeAt();
            } catch (ExecutionInterruptedException e) {
                throw handBack(runId, e);
            } catch (SQLException | PgshiftException e) {
                if (RetryClassifier.lostConnection(e).isPresent() || RunLeases.fenced(e)) {
                    // the database went away, or another driver has the run: nothing is wrong with it
                    throw e;
                }
                failIfWorking(state, runId, e);
            }
            return null;
        }
    }

    /** Whether the state database still answers, i.e. what was lost was the target's connection. */
    private static boolean stateAnswers(Connection state) {
        try {
            return state.isValid(STATE_CHECK_SECONDS);
        } catch (SQLException negativeTimeout) {
            // isValid throws only for a negative timeout; a dead connection answers false
            throw new IllegalStateException(negativeTimeout);
        }
    }

    /** The node is stopping (SIGTERM): nothing is wrong with the run, which keeps its state. */
    private static InterruptedException handBack(long runId, ExecutionInterruptedException e) {
        Thread.currentThread().interrupt();
        InterruptedException stop = new InterruptedException("run " + runId + " handed back: the node is stopping");
        stop.initCause(e);
        return stop;
    }

    private void drivePhases(Connection state, Connection target, LoadedRun run, StepRunner steps, WindowGuard guard)
            throws SQLException, RunHalted, InterruptedException {
        RunRecord record = ctx.runs().find(state, run.id()).orElseThrow(() -> new RunNotFoundException(run.id()));
        RunState current = record.state();
        // An approved run starts exactly like one that needed no approval; one still waiting is left alone.
        boolean approved = current == RunState.AWAITING_APPROVAL && record.approvedBy() != null;
        if (current == RunState.PENDING || approved) {
            guard.enter(state, run, current);
            RowCounts.Counted before = RowCounter.count(target, run.playbook());
            ctx.runs().recordRowCounts(state, run.id(), RowCounts.NONE.withBefore(before));
            control.move(state, run.id(), new AuditedTransition(current, RunState.EXPANDING, AuditAction.STARTED,
                    Map.of("row_counts_before", before.rows(), "estimated_before", before.estimated())));
            current = RunState.EXPANDING;
        }
        if (current == RunState.EXPANDING) {
            new ExpandPhase(steps, control, guard, new SyncTriggers(ctx), ctx.steps()).run(state, run);
            control.move(state, run.id(), new AuditedTransition(RunState.EXPANDING, RunState.BACKFILLING,
                    AuditAction.PHASE_DONE, Map.of("phase", "expand")));
            current = RunState.BACKFILLING;
        }
        SyncTriggers syncTriggers = new SyncTriggers(ctx);
        BackfillPhase backfill = new BackfillPhase(ctx, steps, control, guard, syncTriggers);
        if (current == RunState.BACKFILLING) {
            backfill.runPhase(state, target, run, false);
            control.move(state, run.id(), new AuditedTransition(RunState.BACKFILLING, RunState.VERIFYING,
                    AuditAction.PHASE_DONE, Map.of("phase", "backfill")));
            current = RunState.VERIFYING;
        }
        if (current == RunState.VERIFYING) {
            String gate = new VerifyPhase(ctx, control, guard, backfill).run(state, target, run);
            if (holdBeforeContract(run)) {
                hold(state, target, run, syncTriggers, gate);
            }
            control.move(state, run.id(), new AuditedTransition(RunState.VERIFYING, RunState.CONTRACTING,
                    AuditAction.PHASE_DONE, Map.of("phase", "verify", "gate", gate)));
            current = RunState.CONTRACTING;
        }
        if (current == RunState.CONTRACTING) {
            new ContractPhase(steps, control, guard, syncTriggers, ctx.steps()).run(state, target, run);
            RunRecord contracted = ctx.runs().find(state, run.id()).orElseThrow();
            RowCounts.Counted after = RowCounter.count(target, run.playbook());
            RowCounts counted = contracted.rowCounts() == null ? RowCounts.NONE : contracted.rowCounts();
            ctx.runs().recordRowCounts(state, run.id(), counted.withAfter(after));
            control.move(state, run.id(), new AuditedTransition(RunState.CONTRACTING, RunState.SUCCEEDED,
                    AuditAction.SUCCEEDED,
                    Map.of("row_counts_after", after.rows(), "estimated_after", after.estimated())));
        }
    }

    /** The playbook's setting, the target's default settings, or the submitter's request ({@code --hold-before-contract}). */
    private static boolean holdBeforeContract(LoadedRun run) {
        return run.playbook().settings().deploy().holdBeforeContract() || run.run().policy().holdBeforeContract();
    }

    /**
     * The gate passed and nothing is tightened yet: the run waits in AWAITING_CONTRACT for the
     * application's new version to be deployed, until an operator completes it. Audited with the
     * sync triggers' evidence (and a hook event), so whoever deploys sees who still relies on them.
     * Always ends the driver's call with {@link RunHalted}.
     */
    private void hold(Connection state, Connection target, LoadedRun run, SyncTriggers syncTriggers, String gate)
            throws SQLException, RunHalted {
        List<Map<String, Object>> reliance = syncTriggers.sample(state, target, run.id()).stream()
                .map(RelianceDetails::of).toList();
        control.move(state, run.id(), new AuditedTransition(RunState.VERIFYING, RunState.AWAITING_CONTRACT,
                AuditAction.PHASE_DONE, Map.of("phase", "verify", "gate", gate)));
        ctx.audit().append(state, new AuditEntry(ctx.node(), AuditAction.AWAITING_CONTRACT, run.id(), Map.of(
                "sync_triggers", reliance, "next", "deploy the application version that writes the new columns, then:"
                        + " pgshift complete " + run.id())));
        throw new RunHalted(RunState.AWAITING_CONTRACT);
    }


    /** A failure inside a working state moves the run to FAILED with the error's first line. */
    private void failIfWorking(Connection state, long runId, Exception e) throws SQLException {
        RunRecord run = ctx.runs().find(state, runId).orElseThrow(() -> new RunNotFoundException(runId));
        RunState current = run.state();
        String error = StepRunner.firstLine(e.getMessage());
        LOG.warn("run {} failed in {}: {}", runId, current, error);
        if (startsHere(run)) {
            // PENDING cannot fail: a run that fails while starting (its row counts, its plan
            // against today's catalog) fails in EXPANDING, where a retry or a rollback picks it up.
            // Left PENDING, its apply would wait for a driver that has nothing more to do.
            current = startFailed(state, runId, current);
        }
        if (current.isWorking()) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("phase", current.name());
            details.put("error", Redactable.firstLine(e, run.policy().disclosure()));
            control.fail(state, runId, current, error, details);
        }
    }

    /** Whether this driver starts the run: it is PENDING, or waited for an approval it has now. */
    private static boolean startsHere(RunRecord run) {
        return run.state() == RunState.PENDING
                || (run.state() == RunState.AWAITING_APPROVAL && run.approvedBy() != null);
    }

    private RunState startFailed(Connection state, long runId, RunState from) throws SQLException {
        try {
            control.move(state, runId, new AuditedTransition(from, RunState.EXPANDING, AuditAction.STARTED,
                    Map.of("failed_at_start", true)));
            return RunState.EXPANDING;
        } catch (RunHalted operatorChanged) {
            // cancelled meanwhile: the operator's state stands, there is nothing left to fail
            return operatorChanged.state();
        }
    }
}
