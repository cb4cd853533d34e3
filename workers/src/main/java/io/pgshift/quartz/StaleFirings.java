package io.pgshift.quartz;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Firings Quartz's store says this node is executing, that no thread of this node runs. A job
 * that may not run concurrently ({@code @DisallowConcurrentExecution}) with such a record has every
 * new trigger stored BLOCKED, until the record's execution completes, which it never will: Quartz
 * recovers a node's records only when another node finds it dead, or when it starts again. They
 * come from a failover of the store's database that lost the execution's end (asynchronous
 * replication): the promoted server still has the job (a partition, a run's driver) running
 * here, long after it ended. Cleared before a job is stored again ({@link SchedulingRetry#storeJob}),
 * under Quartz's own TRIGGER_ACCESS row lock, and only records older than {@link #SETTLED}: a
 * firing that just began is in the store a moment before its thread is.
 */
public final class StaleFirings {
    /** The scheduler context's key for the name of its store's data source ({@code WorkerNode}). */
    public static final String DATA_SOURCE = "pgshift.dataSource";
    /** Quartz hands a fired trigger to a free thread of its pool at once: milliseconds, seconds under a stall. */
    static final Duration SETTLED = Duration.ofSeconds(2);
    private static final Logger LOG = LoggerFactory.getLogger(StaleFirings.class);

    private StaleFirings() {
    }

    /**
     * Clears {@code job}'s stale firings on this node and unblocks its triggers; returns how many
     * were cleared. Tried again on a lost connection, as a scheduling call is ({@link SchedulingRetry}).
     */
    public static int clear(Scheduler scheduler, JobKey job) throws SchedulerException {
        Object dataSource = scheduler.getContext().get(DATA_SOURCE);
        if (dataSource == null || runningHere(scheduler, job)) {
            return 0;
        }
        AtomicInteger cleared = new AtomicInteger();
        SchedulingRetry.run("clearing stale firings of " + job, () -> cleared.set(clearOnce(scheduler, job, dataSource.toString())));
        if (cleared.get() > 0) {
            LOG.warn("{}: Quartz still had it running on this node, which it is not (a failover of its database lost"
                    + " the end of that run); cleared, so that it runs again", job);
        }
        return cleared.get();
    }

    private static int clearOnce(Scheduler scheduler, JobKey job, String dataSource) throws SchedulerException {
        // Quartz's pool hands out connections outside autocommit (HikariConnectionProvider), where
        // db.Transactions.inTransaction would leave the commit to its caller: committed here
        try (Connection c = DBConnectionManager.getInstance().getConnection(dataSource)) {
            c.setAutoCommit(false);
            try {
                int cleared = clear(c, scheduler, job);
                c.commit();
                return cleared;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new SchedulerException("cannot clear the stale firings of " + job + ": " + e.getMessage(), e);
        }
    }

    /** Whether a thread of this node runs {@code job} now. */
    public static boolean runningHere(Scheduler scheduler, JobKey job) throws SchedulerException {
        return scheduler.getCurrentlyExecutingJobs().stream().anyMatch(e -> e.getJobDetail().getKey().equals(job));
    }

    private static int clear(Connection c, Scheduler scheduler, JobKey job) throws SQLException, SchedulerException {
        String name = scheduler.getSchedulerName();
        try (PreparedStatement lock = c.prepareStatement("SELECT 1 FROM " + QuartzDdl.TABLE_PREFIX
                + "locks WHERE sched_name = ? AND lock_name = 'TRIGGER_ACCESS' FOR UPDATE")) {
            lock.setString(1, name);
            lock.executeQuery().close();
        }
        int cleared;
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM " + QuartzDdl.TABLE_PREFIX + "fired_triggers"
                + " WHERE sched_name = ? AND instance_name = ? AND job_name = ? AND job_group = ?"
                + " AND state = 'EXECUTING' AND fired_time < ?")) {
            delete.setString(1, name);
            delete.setString(2, scheduler.getSchedulerInstanceId());
            delete.setString(3, job.getName());
            delete.setString(4, job.getGroup());
            delete.setLong(5, Instant.now().minus(SETTLED).toEpochMilli());
            cleared = delete.executeUpdate();
        }
        if (cleared > 0) {
            try (PreparedStatement unblock = c.prepareStatement("UPDATE " + QuartzDdl.TABLE_PREFIX + "triggers"
                    + " SET trigger_state = 'WAITING' WHERE sched_name = ? AND job_name = ? AND job_group = ?"
                    + " AND trigger_state = 'BLOCKED'")) {
                unblock.setString(1, name);
                unblock.setString(2, job.getName());
                unblock.setString(3, job.getGroup());
                unblock.executeUpdate();
            }
        }
        return cleared;
    }
}
