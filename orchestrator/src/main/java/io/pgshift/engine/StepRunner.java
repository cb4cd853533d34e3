package io.pgshift.engine;

import io.pgshift.exec.ExecutionInterruptedException;
import io.pgshift.exec.RetryClassifier;
import io.pgshift.exec.StatementOutcome;
import io.pgshift.exec.StepExecutor;
import io.pgshift.plan.PlannedStep;
import io.pgshift.run.OnceMarkers;
import io.pgshift.run.RunState;
import io.pgshift.run.StepOutcome;
import io.pgshift.run.StepRecord;
import io.pgshift.run.StepState;
import io.pgshift.run.StepStore;
import io.pgshift.audit.AuditLog;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Runs one DDL step of a run and keeps its step row and the audit log up to date. A step already
 * SUCCEEDED or SKIPPED is not run again; a step found RUNNING (a crash mid-step) is run again,
 * which is safe because every statement is idempotent or guarded, or runs once per run: bound here
 * to the run ({@link OnceMarkers}), its marker commits with it in the target, so a crash between
 * its commit and the step's row (in the state database) skips it the next time. With the state
 * apart, a step's success also leaves a landmark in the target ({@link StepLandmarks}).
 */
final class StepRunner {
    private final StepExecutor executor;
    private final StepStore steps;
    private final AuditLog audit;
    private final String actor;
    private final Clock clock;
    private final StepLandmarks landmarks;

    /** Runs steps with {@code executor}; rows, audit, actor and clock are the context's. */
    StepRunner(StepExecutor executor, EngineContext ctx, StepLandmarks landmarks) {
        this.executor = executor;
        this.landmarks = landmarks;
        this.steps = ctx.steps();
        this.audit = ctx.audit();
        this.actor = ctx.node();
        this.clock = ctx.clock();
    }

    /** Where this run's steps leave their landmarks (none with the state in the target). */
    StepLandmarks landmarks() {
        return landmarks;
    }

    static boolean done(StepRecord record) {
        return record.state() == StepState.SUCCEEDED || record.state() == StepState.SKIPPED;
    }

    /**
     * Runs {@code step} unless it is done; {@code guard} is asked first (the step touches the
     * target) and halts the run outside its allowed windows.
     */
    void run(Connection state, LoadedRun run, PlannedStep step, WindowGuard guard, RunState working)
            throws SQLException, RunHalted {
        StepRecord record = steps.find(state, run.id(), step.ordinal()).orElseThrow(
                () -> new IllegalStateException("run " + run.id() + " has no step " + step.ordinal()));
        if (done(record)) {
            return;
        }
        guard.enter(state, run, working);
        steps.stepStarted(state, run.id(), step.ordinal());
        landmarks.expect(state, steps, run.id(), step.ordinal());
        AuditingListener listener = new AuditingListener(audit, state, actor, AuditingListener.Origin.of(run.id(), step),
                run.run().policy().disclosure());
        Instant started = clock.instant();
        try {
            List<StatementOutcome> outcomes = executor.execute(OnceMarkers.bind(step, run.id(), run.run().createdAt()),
                    run.playbook().settings(), listener);
            // SKIPPED means "present before the run": rollback leaves it. A step this run had started
            // before (a crash after its DDL committed, before this row said so) finds its own effect.
            boolean allSkipped = outcomes.stream().allMatch(o -> o.status() == StatementOutcome.Status.SKIPPED);
            boolean startedBefore = record.state() != StepState.PENDING;
            landmarks.land(run.run(), step.ordinal());
            steps.stepFinished(state, run.id(), step.ordinal(), new StepOutcome(
                    allSkipped && !startedBefore ? StepState.SKIPPED : StepState.SUCCEEDED,
                    listener.attempts(), Duration.between(started, clock.instant()).toMillis(), null, null));
        } catch (ExecutionInterruptedException e) {
            // the node is stopping: the step stays RUNNING, and whichever node carries the run on runs it again
            throw e;
        } catch (RuntimeException e) {
            if (RetryClassifier.lostConnection(e).isPresent()) {
                // the database is out of reach, not the step wrong: it stays RUNNING and runs again once it answers
                throw e;
            }
            steps.stepFinished(state, run.id(), step.ordinal(), new StepOutcome(StepState.FAILED, listener.attempts(),
                    Duration.between(started, clock.instant()).toMillis(), null, firstLine(e.getMessage())));
            throw e;
        }
    }

    static String firstLine(String message) {
        return message == null ? "" : message.split("\n", 2)[0];
    }
}
