package io.pgshift.engine;

import org.quartz.DisallowConcurrentExecution;
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
            // Task boundary: the failure could not even be recorded on the run (database gone).
            // The job is recoverable; the next firing or node resumes from the run's rows.
            LOG.error("run {} driver failed before it could record the failure", runId, e);
        } finally {
            thread = null;
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
