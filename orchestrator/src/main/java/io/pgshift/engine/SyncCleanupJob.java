package io.pgshift.engine;

import io.pgshift.quartz.SchedulingRetry;
import java.time.Duration;
import java.util.List;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's automatic cleanup of sync triggers, one job per target cluster firing every
 * {@link #EVERY}: it keeps every live trigger's evidence fresh and drops the retained ones quiet
 * for their whole quiet period ({@link SyncCleanup#dropQuiet}), audited and hooked. Only daemon
 * nodes act on it: a {@code pgshift apply} process of the same cluster that happens to fire it
 * does nothing, since nobody asked that process to change what other runs left.
 */
@DisallowConcurrentExecution
public final class SyncCleanupJob implements Job {
    public static final Duration EVERY = Duration.ofSeconds(30);
    static final JobKey KEY = JobKey.jobKey("sync-trigger-cleanup", "pgshift-housekeeping");
    private static final Logger LOG = LoggerFactory.getLogger(SyncCleanupJob.class);

    private final SyncCleanup cleanup;
    private final String actor;
    private final boolean enabledHere;

    SyncCleanupJob(SyncCleanup cleanup, String actor, boolean enabledHere) {
        this.cleanup = cleanup;
        this.actor = actor;
        this.enabledHere = enabledHere;
    }

    /** Stores the job and its repeating trigger on the cluster; idempotent (every daemon start calls it). */
    public static void schedule(Scheduler scheduler) throws SchedulerException {
        JobDetail job = JobBuilder.newJob(SyncCleanupJob.class).withIdentity(KEY).storeDurably().build();
        Trigger every = TriggerBuilder.newTrigger().forJob(KEY)
                .withIdentity(TriggerKey.triggerKey(KEY.getName(), KEY.getGroup()))
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withIntervalInMilliseconds(EVERY.toMillis())
                        .repeatForever().withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
        SchedulingRetry.storeJob(scheduler, job, every);
    }

    @Override
    public void execute(JobExecutionContext context) {
        if (!enabledHere) {
            return;
        }
        try {
            List<?> dropped = cleanup.dropQuiet(actor);
            if (!dropped.isEmpty()) {
                LOG.info("automatic cleanup dropped {} quiet sync trigger(s)", dropped.size());
            }
        } catch (Exception e) {
            // Task boundary: the database may be away; the next firing tries again.
            LOG.warn("automatic cleanup of sync triggers failed; trying again in {}: {}", EVERY,
                    String.valueOf(e.getMessage()).split("\n", 2)[0], e);
        }
    }
}
