package io.pgshift.engine;

import io.pgshift.exec.RetryClassifier;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
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
    private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

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
        } catch (SQLException e) {
            // Task boundary: the database went away (restart, network). The run is fine; drive it
            // again shortly, from its rows, rather than leave it without a driver.
            if (RetryClassifier.classify(e).connectionLost()) {
                LOG.warn("run {}: database unreachable ({}); driving it again in {}", runId, e.getMessage(), RETRY_AFTER);
                fireAgain(context, runId);
            } else {
                LOG.error("run {} driver failed before it could record the failure", runId, e);
            }
        } catch (RuntimeException e) {
            LOG.error("run {} driver failed before it could record the failure", runId, e);
        } finally {
            thread = null;
        }
    }

    private static void fireAgain(JobExecutionContext context, long runId) {
        Trigger later = TriggerBuilder.newTrigger().forJob(key(runId))
                .withIdentity("run-" + runId + "-" + System.nanoTime(), GROUP)
                .startAt(Date.from(Instant.now().plus(RETRY_AFTER)))
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
                .build();
        try {
            context.getScheduler().scheduleJob(later);
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
