package io.pgshift.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.InterruptableJob;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
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
    private static final Duration RETRY_DELAY = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(RunDriverJob.class);

    private final RunDriver driver;
    private volatile Thread thread;

    RunDriverJob(RunDriver driver) {
        this.driver = driver;
    }

    public static JobKey key(long runId) {
        return JobKey.jobKey("run-" + runId, GROUP);
    }

    @Override
    public void execute(JobExecutionContext context) {
        long runId = Long.parseLong(context.getMergedJobDataMap().getString(RUN_ID));
        thread = Thread.currentThread();
        try {
            RunOutcome outcome = driver.drive(runId);
            LOG.info("run {} driver stopped: {}", runId, outcome.state());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.info("run {} driver interrupted (node shutting down); another node or a restart carries on", runId);
        } catch (Exception e) {
            // Task boundary: the failure could not even be recorded on the run (database gone,
            // connection terminated). Nobody else would drive the run, so fire again later; the
            // next firing resumes from the run's rows.
            LOG.error("run {} driver failed before it could record the failure; retrying in {} s", runId,
                    RETRY_DELAY.toSeconds(), e);
            fireAgain(context, runId);
        } finally {
            thread = null;
        }
    }

    private static void fireAgain(JobExecutionContext context, long runId) {
        Instant when = Instant.now().plus(RETRY_DELAY);
        JobKey job = context.getJobDetail().getKey();
        Trigger trigger = TriggerBuilder.newTrigger().forJob(job)
                .withIdentity(job.getName() + "-retry-" + when.toEpochMilli(), GROUP)
                .startAt(Date.from(when))
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
                .build();
        try {
            context.getScheduler().scheduleJob(trigger);
        } catch (SchedulerException e) {
            LOG.error("run {} driver could not be rescheduled; resume the run to drive it again", runId, e);
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
