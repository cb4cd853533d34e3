package io.pgshift.engine;

import io.pgshift.quartz.SchedulingRetry;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.InterruptableJob;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run driver as a Quartz job: recoverable (a node that dies mid-run has the job fired again
 * on another node, which carries on from the run's rows) and never concurrent with itself on the
 * cluster, so one run has one driver at a time.
 */
@DisallowConcurrentExecution
public final class RunDriverJob implements InterruptableJob {
    public static final String GROUP = "pgshift-run";
    static final String RUN_ID = "runId";
    private static final Logger LOG = LoggerFactory.getLogger(RunDriverJob.class);
    private static final Duration AFTER_UNRECORDED_FAILURE = Duration.ofSeconds(30);

    private final OutageRide ride;
    private volatile Thread thread;

    RunDriverJob(EngineContext ctx) {
        this.ride = new OutageRide(ctx);
    }

    public static JobKey key(long runId) {
        return JobKey.jobKey("run-" + runId, GROUP);
    }

    @Override
    public void execute(JobExecutionContext context) {
        long runId = Long.parseLong(context.getMergedJobDataMap().getString(RUN_ID));
        thread = Thread.currentThread();
        try {
            driveRidingOutOutages(context, runId);
        } catch (InterruptedException e) {
            // A stopping node hands the run back: a trigger stored in the cluster lets another live
            // node (or this one, started again) carry it on from its rows; the run keeps its state.
            LOG.info("run {} driver interrupted (node shutting down); handing the run back to the cluster", runId);
            fireAgain(context, runId);
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // Task boundary: a failure the driver could not record on the run (it records all
            // others). The run keeps its working state, so its driver must fire again, or nothing
            // would ever carry it on: later, so that a failure that repeats does not spin.
            LOG.error("run {} driver failed before it could record the failure; firing it again in {}", runId,
                    AFTER_UNRECORDED_FAILURE, e);
            fireAgain(context, runId, AFTER_UNRECORDED_FAILURE);
        } finally {
            thread = null;
        }
    }

    /**
     * Drives the run; while the database is unreachable (a restart, a network cut) the driver waits
     * here and tries again ({@link OutageRide}), rather than rescheduling itself through Quartz,
     * whose store lives in that same database. After {@link OutageRide#PATIENCE} it asks Quartz to
     * fire it again later.
     */
    private void driveRidingOutOutages(JobExecutionContext context, long runId) throws Exception {
        Optional<RunOutcome> outcome = ride.drive(runId);
        if (outcome.isEmpty()) {
            LOG.warn("run {}: firing the driver again later", runId);
            fireAgain(context, runId);
            return;
        }
        LOG.info("run {} driver stopped: {}", runId, outcome.get().state());
        if (outcome.get().resumeAt() != null) {
            fireAtOpening(context, runId, outcome.get().resumeAt());
        }
    }

    /** Waiting for a window: fire again at its opening rather than hold this thread till then. */
    private static void fireAtOpening(JobExecutionContext context, long runId, Instant at) {
        try {
            RunJobs.scheduleAt(context.getScheduler(), runId, at);
        } catch (SchedulerException e) {
            LOG.error("run {}: could not schedule its driver for the window opening at {}; resume the run then",
                    runId, at, e);
        }
    }

    private static void fireAgain(JobExecutionContext context, long runId) {
        fireAgain(context, runId, OutageRide.RETRY_AFTER);
    }

    private static void fireAgain(JobExecutionContext context, long runId, Duration after) {
        Trigger later = TriggerBuilder.newTrigger().forJob(key(runId))
                .withIdentity("run-" + runId + "-" + System.nanoTime(), GROUP)
                .startAt(Date.from(Instant.now().plus(after)))
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
                .build();
        try {
            SchedulingRetry.addTrigger(context.getScheduler(), later);
        } catch (SchedulerException e) {
            LOG.error("run {}: could not schedule its driver again; apply it again or resume it", runId, e);
        }
    }

    @Override
    public void interrupt() {
        Thread running = thread;
        if (running != null) {
            running.interrupt();
        }
    }
}
