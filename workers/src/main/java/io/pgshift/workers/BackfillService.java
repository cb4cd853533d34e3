package io.pgshift.workers;

import io.pgshift.backfill.BackfillProgress;
import io.pgshift.backfill.BackfillSpec;
import io.pgshift.backfill.BackfillState;
import io.pgshift.backfill.BackfillStatus;
import io.pgshift.backfill.BackfillStore;
import io.pgshift.backfill.KeySampler;
import io.pgshift.backfill.PartitionRange;
import io.pgshift.backfill.PartitionState;
import io.pgshift.db.Connections;
import io.pgshift.db.DatabaseUrl;
import io.pgshift.quartz.SchedulingRetry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;

/**
 * What the run engine calls to drive backfills: create one (split into partitions), schedule
 * its partition jobs on the cluster, read its progress, pause, resume, cancel, wait. Pause and
 * cancel only write state; running partitions obey it at their next batch boundary.
 */
public final class BackfillService {
    private final DatabaseUrl url;
    private final Clock clock;

    public BackfillService(DatabaseUrl url, Clock clock) {
        this.url = url;
        this.clock = clock;
    }

    /** Splits the table's key space into {@code partitions} ranges and records the backfill, in the caller's transaction if any. */
    public long create(Connection c, BackfillSpec spec, int partitions, Long runId, Integer stepOrdinal)
            throws SQLException {
        List<PartitionRange> ranges = KeySampler.split(c, spec, partitions);
        return BackfillStore.insert(c, spec, ranges, runId, stepOrdinal);
    }

    /** One recoverable Quartz job per unfinished partition, firing now; idempotent. */
    public void schedule(Scheduler scheduler, long backfillId) throws SQLException, SchedulerException {
        try (Connection c = Connections.open(url)) {
            schedule(c, scheduler, backfillId);
        }
    }

    /** {@link #schedule(Scheduler, long)}, reading the partitions on {@code c} (outside a transaction, or in a committed state). */
    public void schedule(Connection c, Scheduler scheduler, long backfillId) throws SQLException, SchedulerException {
        for (int partitionNo : partitions(c, backfillId, Set.of(PartitionState.PENDING, PartitionState.RUNNING,
                PartitionState.THROTTLED, PartitionState.WAITING_FOR_WINDOW))) {
            JobKey key = PartitionJob.key(backfillId, partitionNo);
            Trigger now = TriggerBuilder.newTrigger().forJob(key)
                    .withIdentity(key.getName() + "-" + System.nanoTime(), PartitionJob.GROUP)
                    .startAt(Date.from(clock.instant()))
                    .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
                    .build();
            // Job and trigger stored together (replace): a non-durable job vanishes when its last
            // trigger completes, possibly between a checkExists and a scheduleJob(trigger).
            JobDetail job = JobBuilder.newJob(PartitionJob.class).withIdentity(key)
                    .usingJobData(PartitionJob.BACKFILL_ID, Long.toString(backfillId))
                    .usingJobData(PartitionJob.PARTITION_NO, Integer.toString(partitionNo))
                    .requestRecovery(true)
                    .build();
            SchedulingRetry.storeJob(scheduler, job, now);
        }
    }

    public BackfillStatus status(Connection c, long backfillId) throws SQLException {
        return BackfillProgress.read(c, backfillId);
    }

    public BackfillStatus status(long backfillId) throws SQLException {
        try (Connection c = Connections.open(url)) {
            return status(c, backfillId);
        }
    }

    /** Running partitions stop at their next batch boundary; idle ones are marked PAUSED now. */
    public void pause(long backfillId) throws SQLException {
        changeState(backfillId, BackfillState.PAUSED,
                Set.of(PartitionState.PENDING, PartitionState.WAITING_FOR_WINDOW), PartitionState.PAUSED);
    }

    /** Resumes a paused backfill, or retries a failed one from its partitions' checkpoints. */
    public void resume(Scheduler scheduler, long backfillId) throws SQLException, SchedulerException {
        changeState(backfillId, BackfillState.RUNNING, Set.of(PartitionState.PAUSED, PartitionState.FAILED),
                PartitionState.PENDING);
        schedule(scheduler, backfillId);
    }

    public void cancel(long backfillId) throws SQLException {
        changeState(backfillId, BackfillState.CANCELLED, Set.of(PartitionState.PENDING, PartitionState.PAUSED,
                PartitionState.WAITING_FOR_WINDOW, PartitionState.FAILED), PartitionState.CANCELLED);
    }

    /** Polls until the backfill succeeded, failed or was cancelled. */
    public BackfillStatus awaitFinished(long backfillId, Duration timeout, Duration poll)
            throws SQLException, TimeoutException, InterruptedException {
        Instant deadline = clock.instant().plus(timeout);
        while (true) {
            BackfillStatus status = status(backfillId);
            if (status.isFinished()) {
                return status;
            }
            if (clock.instant().isAfter(deadline)) {
                throw new TimeoutException("backfill " + backfillId + " not finished after " + timeout + ": state "
                        + status.state() + ", " + status.rowsScanned() + " of ~" + status.estimatedRows() + " rows");
            }
            Thread.sleep(poll.toMillis());
        }
    }

    private void changeState(long backfillId, BackfillState next, Set<PartitionState> idle, PartitionState idleNext)
            throws SQLException {
        try (Connection c = Connections.open(url)) {
            c.setAutoCommit(false);
            try {
                BackfillStore.move(c, backfillId, next);
                try (PreparedStatement ps = c.prepareStatement("UPDATE pgshift.backfill_partition SET state = ?,"
                        + " paused_reason = NULL, throttle_reasons = NULL, updated_at = now(),"
                        + " finished_at = CASE WHEN ? THEN now() END WHERE backfill_id = ? AND state = ANY (?)")) {
                    idle.forEach(from -> from.moveTo(idleNext));
                    ps.setString(1, idleNext.name());
                    ps.setBoolean(2, idleNext.isTerminal());
                    ps.setLong(3, backfillId);
                    ps.setArray(4, c.createArrayOf("text", idle.stream().map(Enum::name).toArray()));
                    ps.executeUpdate();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static List<Integer> partitions(Connection c, long backfillId, Set<PartitionState> states) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT partition_no FROM pgshift.backfill_partition"
                     + " WHERE backfill_id = ? AND state = ANY (?) ORDER BY partition_no")) {
            ps.setLong(1, backfillId);
            ps.setArray(2, c.createArrayOf("text", states.stream().map(Enum::name).toArray()));
            List<Integer> result = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(rs.getInt(1));
                }
            }
            return result;
        }
    }
}
