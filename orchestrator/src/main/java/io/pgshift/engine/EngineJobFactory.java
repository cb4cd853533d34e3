package io.pgshift.engine;

import org.quartz.Job;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.spi.JobFactory;
import org.quartz.spi.TriggerFiredBundle;

/** Builds the orchestrator's Quartz jobs (the run driver, the automatic sync cleanup) with the engine's context. */
public final class EngineJobFactory implements JobFactory {
    private final EngineContext ctx;
    private volatile boolean automaticCleanup;

    public EngineJobFactory(EngineContext ctx) {
        this.ctx = ctx;
    }

    /** This node (a daemon's) acts on the automatic cleanup job when it fires here. */
    public void enableAutomaticCleanup() {
        automaticCleanup = true;
    }

    @Override
    public Job newJob(TriggerFiredBundle bundle, Scheduler scheduler) throws SchedulerException {
        Class<? extends Job> type = bundle.getJobDetail().getJobClass();
        if (type == RunDriverJob.class) {
            return new RunDriverJob(ctx);
        }
        if (type == SyncCleanupJob.class) {
            return new SyncCleanupJob(new SyncCleanup(ctx), ctx.node() + " (automatic cleanup)", automaticCleanup);
        }
        throw new SchedulerException("pgshift does not run job class " + type.getName());
    }
}
