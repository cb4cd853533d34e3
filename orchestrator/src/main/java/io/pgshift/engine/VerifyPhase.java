package io.pgshift.engine;

import io.pgshift.audit.AuditAction;
import io.pgshift.audit.AuditEntry;
import io.pgshift.backfill.KeyColumn;
import io.pgshift.backfill.Pace;
import io.pgshift.backfill.Pacer;
import io.pgshift.gate.Gate;
import io.pgshift.gate.GateCheck;
import io.pgshift.gate.GateCursor;
import io.pgshift.gate.GateHaltedException;
import io.pgshift.gate.GateRequest;
import io.pgshift.gate.GateResult;
import io.pgshift.planner.Planner;
import io.pgshift.plan.PlannedStep;
import io.pgshift.plan.StepKind;
import io.pgshift.playbook.TableRef;
import io.pgshift.run.GateReport;
import io.pgshift.run.RunRecord;
import io.pgshift.run.RunState;
import io.pgshift.run.StepOutcome;
import io.pgshift.run.StepState;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The VERIFYING phase: the gate counts the rows each contract constraint would reject, in chunks
 * whose cursors are saved in the run's gate report (a crash or pause resumes the count), before
 * any constraint lock is requested. Leftovers are re-backfilled (VERIFYING → BACKFILLING →
 * VERIFYING) at most {@code maxRebackfills} times, after which the run fails with the counts and
 * sample keys.
 */
final class VerifyPhase {
    private final EngineContext ctx;
    private final DriverTransitions control;
    private final WindowGuard guard;
    private final BackfillPhase backfill;

    /** {@code backfill}: what fills the leftovers the gate finds. */
    VerifyPhase(EngineContext ctx, DriverTransitions control, WindowGuard guard, BackfillPhase backfill) {
        this.ctx = ctx;
        this.control = control;
        this.guard = guard;
        this.backfill = backfill;
    }

    /**
     * Runs the gate until it passes, re-backfilling leftovers in between; returns the summary of
     * the gate that passed (as the run's policy lets audit rows quote it). A gate still failing
     * after the last re-backfill (or with no backfill to run) fails the run, no constraint lock
     * ever requested, and ends the driver's call with {@link RunHalted}.
     */
    String run(Connection state, Connection target, LoadedRun run) throws SQLException, RunHalted, InterruptedException {
        PlannedStep gateStep = run.plan().steps().stream().filter(s -> s.kind() == StepKind.GATE).findFirst().orElse(null);
        for (int pass = 1; ; pass++) {
            control.check(state, run.id(), RunState.VERIFYING);
            guard.enter(state, run, RunState.VERIFYING);
            if (gateStep != null) {
                ctx.steps().stepStarted(state, run.id(), gateStep.ordinal());
            }
            long started = System.nanoTime();
            GateResult result = gate(state, target, run, pass);
            if (gateStep != null) {
                ctx.steps().stepFinished(state, run.id(), gateStep.ordinal(), new StepOutcome(
                        result.passed() ? StepState.SUCCEEDED : StepState.FAILED, pass,
                        (System.nanoTime() - started) / 1_000_000, null,
                        result.passed() ? null : result.summary()));
            }
            // the run's error is the operator's and shows the samples; audit rows say what the policy allows
            String audited = result.summary(run.run().policy().disclosure());
            if (result.passed()) {
                return audited;
            }
            if (pass > ctx.settings().maxRebackfills() || run.playbook().backfill().isEmpty()) {
                String error = "gate failed: " + result.summary() + "; no constraint was taken. Fix the data (or the"
                        + " playbook's backfill), then resume the run, or roll it back";
                control.fail(state, run.id(), RunState.VERIFYING, error, Map.of("gate", audited));
                throw new RunHalted(RunState.FAILED);
            }
            control.move(state, run.id(), new AuditedTransition(RunState.VERIFYING, RunState.BACKFILLING,
                    AuditAction.PHASE_STARTED,
                    Map.of("phase", "backfill", "reason", "gate found leftovers: " + audited)));
            backfill.runPhase(state, target, run, true);
            control.move(state, run.id(), new AuditedTransition(RunState.BACKFILLING, RunState.VERIFYING,
                    AuditAction.PHASE_DONE, Map.of("phase", "backfill")));
        }
    }

    /** One pass of the gate over every check, audited GATE_PASSED or GATE_FAILED. */
    private GateResult gate(Connection state, Connection target, LoadedRun run, int pass)
            throws SQLException, RunHalted, InterruptedException {
        List<GateCheck> checks = Planner.gateChecks(run.playbook(), run.plan().presentPaths());
        Map<TableRef, List<KeyColumn>> keys = new HashMap<>();
        for (PlannedStep step : run.plan().steps()) {
            if (step.backfill() != null) {
                keys.put(tableOf(run, step), step.backfill().target().key());
            }
        }
        for (GateCheck check : checks) {
            if (check.chunked()) {
                keys.computeIfAbsent(check.table(), t -> KeyLookup.batchKey(target, t));
            }
        }
        Map<String, GateCursor> cursors = new LinkedHashMap<>(savedCursors(run, pass));
        // The gate paces its chunks like the playbook's backfill paces its batches (measured: back
        // to back, its scans raised the live load's p99 as much as the backfill did); without a
        // backfill, as the run's defaults (the target's, or built in) would.
        io.pgshift.playbook.BatchSpec pace = run.playbook().backfill().isEmpty() ? run.run().policy().defaults().batch()
                : run.playbook().backfill().get(0).batch();
        GateResult result;
        // a pause or cancel stops a chunked check between chunks (afterChunk), and a check's one
        // statement (a verify query, a table without a usable key) at once, through this watch
        try (RunStateWatch watch = new RunStateWatch(ctx.state(), ctx.runs(), run.id(), RunState.VERIFYING)) {
            Gate g = pace.pace() == Pace.AUTO ? new Gate(ctx.settings().gateChunkRows(), new Pacer())
                    : new Gate(ctx.settings().gateChunkRows(), java.time.Duration.ofMillis(pace.pauseMs()),
                            java.time.Duration.ofMillis(pace.targetMs()));
            result = g.run(target, new GateRequest(checks, keys, cursors,
                    run.playbook().settings().scanStatementTimeout(), watch), (path, cursor) -> {
                        cursors.put(path, cursor);
                        afterChunk(state, run.id(), pass, cursors);
                    });
        } catch (ChunkStop e) {
            // as what it was: a lost state connection is an outage the driver rides out, a halt the operator's
            throw e.rethrow();
        } catch (GateHaltedException e) {
            RunState now = ctx.runs().stateOf(state, run.id()).orElseThrow(() -> new SQLException("run " + run.id()
                    + " is gone"));
            if (now == RunState.VERIFYING) {
                // paused and resumed again within the watch's second: the pass goes on, the statement again
                return gate(state, target, run, pass);
            }
            throw new RunHalted(now);
        }
        save(state, run.id(), pass, cursors, result);
        ctx.audit().append(state, new AuditEntry(ctx.node(), result.passed() ? AuditAction.GATE_PASSED : AuditAction.GATE_FAILED,
                run.id(), Map.of("pass", pass, "summary", result.summary(run.run().policy().disclosure()))));
        return result;
    }

    private static TableRef tableOf(LoadedRun run, PlannedStep step) {
        return Backfills.of(run.playbook(), step).table();
    }

    /** Cursors of an interrupted pass of the same number; a new pass starts from scratch. */
    private static Map<String, GateCursor> savedCursors(LoadedRun run, int pass) {
        GateReport report = run.run().gateReport();
        if (report == null) {
            return Map.of();
        }
        return report.pass() == pass && report.result() == null ? report.cursors() : Map.of();
    }

    /** Stores the gate's report (a write the driver's fence checks); returns the run as it is now. */
    private RunRecord save(Connection state, long runId, int pass, Map<String, GateCursor> cursors, GateResult result)
            throws SQLException {
        return ctx.runs().recordGate(state, runId, new GateReport(pass, cursors, result));
    }

    /**
     * After each chunk, from inside the gate's callback: its cursor saved, and the run the save
     * returns checked to be still VERIFYING, so that an operator's pause or cancel (Ctrl-C of
     * {@code apply} included) takes effect between two chunks rather than at the end of the table.
     * The save is the driver's fenced write, so it also stops a driver whose lease was taken over.
     */
    private void afterChunk(Connection state, long runId, int pass, Map<String, GateCursor> cursors) {
        try {
            RunRecord now = save(state, runId, pass, cursors, null);
            if (now.state() != RunState.VERIFYING) {
                throw new ChunkStop(new RunHalted(now.state()));
            }
        } catch (SQLException e) {
            throw new ChunkStop(e);
        }
    }

    /** Carries a cursor save's SQLException, or the run's halt, out of the gate's callback, to be thrown as itself. */
    private static final class ChunkStop extends RuntimeException {
        ChunkStop(Exception cause) {
            super(cause);
        }

        /** The cause, to be thrown: a {@link RunHalted} is returned, an SQLException thrown. */
        RunHalted rethrow() throws SQLException {
            if (getCause() instanceof RunHalted halted) {
                return halted;
            }
            throw (SQLException) getCause();
        }
    }
}
