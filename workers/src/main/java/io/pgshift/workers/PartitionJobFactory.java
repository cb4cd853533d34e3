package io.pgshift.workers;

import io.pgshift.backfill.PartitionWorker;
import org.quartz.Job;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.spi.JobFactory;
import org.quartz.spi.TriggerFiredBundle;

/**
 * Builds pgshift's jobs with their dependencies passed in, instead of Quartz's no-arg reflection.
 * Jobs of other modules (the orchestrator's run driver) are built by {@code others}.
 */
final class PartitionJobFactory implements JobFactory {
    private final PartitionWorker worker;
    private final JobFactory others;

    PartitionJobFactory(PartitionWorker worker, JobFactory others) {
        this.worker = worker;
        this.others = others;
    }

    @Override
    public Job newJob(TriggerFiredBundle bundle, Scheduler scheduler) throws SchedulerException {
        Class<? extends Job> type = bundle.getJobDetail().getJobClass();
        if (type == PartitionJob.class) {
            return new PartitionJob(worker);
        }
        if (others != null) {
            return others.newJob(bundle, scheduler);
        }
        throw new SchedulerException("pgshift workers do not run job class " + type.getName());
    }
}
