package io.pgshift.engine;

import org.quartz.Job;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.spi.JobFactory;
import org.quartz.spi.TriggerFiredBundle;

/** Builds the orchestrator's Quartz jobs (the run driver) with the engine's context. */
public final class EngineJobFactory implements JobFactory {
    private final EngineContext ctx;

    public EngineJobFactory(EngineContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Job newJob(TriggerFiredBundle bundle, Scheduler scheduler) throws SchedulerException {
        Class<? extends Job> type = bundle.getJobDetail().getJobClass();
        if (type == RunDriverJob.class) {
            return new RunDriverJob(new RunDriver(ctx));
        }
        throw new SchedulerException("pgshift does not run job class " + type.getName());
    }
}
