package io.pgshift.engine;

import io.pgshift.run.RunFilter;
import io.pgshift.run.RunRecord;
import io.pgshift.run.RunState;
import io.pgshift.run.RunStore;
import io.pgshift.quartz.SchedulingRetry;
import io.pgshift.quartz.StaleFirings;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Date;
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
        SchedulingRetry.storeJob(scheduler, job, now);
    }

    /**
     * Whether run {@code runId}'s driver runs on this node or is set to fire: a trigger waiting,
     * paused, or blocked behind the driver running on another node. A blocking record of this node
     * that no thread of it runs (its end lost in a failover) is cleared first, and counts for nothing.
     */
    public static boolean driverSet(Scheduler scheduler, long runId) throws SchedulerException {
        JobKey key = RunDriverJob.key(runId);
        StaleFirings.clear(scheduler, key);
        if (StaleFirings.runningHere(scheduler, key)) {
            return true;
        }
        for (Trigger trigger : scheduler.getTriggersOfJob(key)) {
            Trigger.TriggerState state = scheduler.getTriggerState(trigger.getKey());
            if (state == Trigger.TriggerState.NORMAL || state == Trigger.TriggerState.BLOCKED
                    || state == Trigger.TriggerState.PAUSED) {
                return true;
            }
        }
        return false;
    }

    /**
     * Fires the driver of every run a driver should be carrying (a working phase, or started but
     * not yet expanding): what a node does when it starts, so that runs whose node stopped (a
     * restart, a crash whose triggers were lost) go on by themselves. Idempotent: a run whose
     * driver is already running elsewhere only gets a trigger that finds it busy or done.
     *
     * @return the runs whose driver was fired
     */
    public static List<Long> resumeWorking(Scheduler scheduler, Connection state, RunStore runs)
            throws SQLException, SchedulerException {
        List<Long> fired = new ArrayList<>();
        for (RunRecord run : runs.list(state, new RunFilter(RunState.driven(), null), 1000, 0)) {
            schedule(scheduler, run.id());
            fired.add(run.id());
        }
        for (RunRecord run : runs.list(state, new RunFilter(Set.of(RunState.AWAITING_APPROVAL), null), 1000, 0)) {
            if (run.approvedBy() != null) {
                schedule(scheduler, run.id());
                fired.add(run.id());
            }
        }
        return fired;
    }
}
