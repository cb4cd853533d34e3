package io.pgshift.workers;

import io.pgshift.backfill.PartitionOutcome;
import io.pgshift.backfill.PartitionWorker;
import io.pgshift.quartz.SchedulingRetry;
import java.time.Instant;
import java.util.Date;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.InterruptableJob;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One backfill partition as a Quartz job: runs the partition's whole batch loop in one
 * firing. Recoverable, so a node's death makes another node fire it again (it resumes from
 * the checkpoint); never concurrent with itself on the cluster.
 */
@DisallowConcurrentExecution
public final class PartitionJob implements InterruptableJob {
    public static final String GROUP = "pgshift-backfill";
    static final String BACKFILL_ID = "backfillId";
    static final String PARTITION_NO = "partitionNo";
    private static final Logger LOG = LoggerFactory.getLogger(PartitionJob.class);

    private final PartitionWorker worker;
    private volatile boolean stopRequested;

    PartitionJob(PartitionWorker worker) {
        this.worker = worker;
    }

    public static JobKey key(long backfillId, int partitionNo) {
        return JobKey.jobKey("backfill-" + backfillId + "-p" + partitionNo, GROUP);
    }

    @Override
    public void execute(JobExecutionContext context) {
        JobDataMap data = context.getMergedJobDataMap();
        long backfillId = Long.parseLong(data.getString(BACKFILL_ID));
        int partitionNo = Integer.parseInt(data.getString(PARTITION_NO));
        if (context.isRecovering()) {
            LOG.info("recovering backfill {} partition {} after its node died", backfillId, partitionNo);
        }
        PartitionOutcome outcome;
        try {
            outcome = worker.run(backfillId, partitionNo, () -> stopRequested);
        } catch (Exception e) {
            // The failure could not even be recorded (the database is unreachable beyond the retry
            // budget): leave the partition as it is and try again later rather than lose it.
            LOG.error("backfill {} partition {}: could not run or record the failure, retrying in 30 s",
                    backfillId, partitionNo, e);
            outcome = PartitionOutcome.at(PartitionOutcome.Kind.STOPPED, Instant.now().plusSeconds(30));
        }
        outcome.runAgainAt().ifPresent(when -> fireAgain(context, when));
    }

    /** Schedules this job again; it keeps the job alive after the current trigger completes. */
    private void fireAgain(JobExecutionContext context, Instant when) {
        JobKey job = context.getJobDetail().getKey();
        Trigger trigger = TriggerBuilder.newTrigger().forJob(job)
                .withIdentity(job.getName() + "-" + when.toEpochMilli(), GROUP)
                .startAt(Date.from(when))
                .withSchedule(org.quartz.SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
                .build();
        try {
            SchedulingRetry.addTrigger(context.getScheduler(), trigger);
            LOG.info("{} will run again at {}", job, when);
        } catch (SchedulerException e) {
            LOG.error("{} could not be rescheduled for {}; resume the backfill to run it again", job, when, e);
        }
    }

    @Override
    public void interrupt() {
        stopRequested = true;
    }
}
