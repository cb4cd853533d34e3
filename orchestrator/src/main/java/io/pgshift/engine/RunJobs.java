package io.pgshift.engine;

import java.time.Instant;
import java.util.Date;
import java.util.Set;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;

/** Schedules a run's driver job on the cluster, firing now or at a given time; idempotent. */
public final class RunJobs {
    private RunJobs() {
    }

    public static void schedule(Scheduler scheduler, long runId) throws SchedulerException {
        scheduleAt(scheduler, runId, Instant.now());
    }

    /** Schedules the run's driver to fire at {@code at} (the opening of a window it waits for). */
    public static void scheduleAt(Scheduler scheduler, long runId, Instant at) throws SchedulerException {
        JobKey key = RunDriverJob.key(runId);
        Trigger now = TriggerBuilder.newTrigger().forJob(key)
                .withIdentity(key.getName() + "-" + System.nanoTime(), RunDriverJob.GROUP)
                .startAt(Date.from(at))
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
                .build();
        // Stored with replace: a non-durable job is deleted by Quartz when its last trigger completes,
        // which can happen between a checkExists and a scheduleJob(trigger) (a driver returning as
        // it is resumed). Replacing job and trigger together has no such window.
        JobDetail job = JobBuilder.newJob(RunDriverJob.class).withIdentity(key)
                .usingJobData(RunDriverJob.RUN_ID, Long.toString(runId))
                .requestRecovery(true)
                .storeDurably(false)
                .build();
        scheduler.scheduleJob(job, Set.of(now), true);
    }

    /** Whether a driver of the run is executing on this node. */
    public static boolean runningHere(Scheduler scheduler, long runId) throws SchedulerException {
        return scheduler.getCurrentlyExecutingJobs().stream()
                .anyMatch(j -> j.getJobDetail().getKey().equals(RunDriverJob.key(runId)));
    }
}
