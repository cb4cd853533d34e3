package io.pgshift.quartz;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.pgshift.db.SqlStates;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.quartz.JobDetail;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores a job or a trigger on the cluster, again when the pool's connection it took was lost.
 * Quartz runs a scheduling call on one connection of its pool and gives up when that one is dead
 * (its row-lock retries reuse it): a pool connection ended by the server (a {@code
 * pg_terminate_backend}, a pooler's or a failover's reset) since it was last used made
 * {@code apply} end with an internal error as it scheduled its run's driver (TerminatedSessionsIT,
 * its Quartz session terminated), and a job that fires itself again (a partition's next window, a
 * driver's retry) was left unscheduled until an operator resumed it. The pool drops the dead
 * connection, so the next attempt gets a live one or a new one. Only a lost connection is tried
 * again, for up to {@link #ATTEMPTS} attempts over about 8 s: anything else is the caller's.
 */
public final class SchedulingRetry {
    private static final Logger LOG = LoggerFactory.getLogger(SchedulingRetry.class);
    static final int ATTEMPTS = 6;
    private static final Duration FIRST_WAIT = Duration.ofMillis(250);
    private static final Duration LONGEST_WAIT = Duration.ofSeconds(4);
    private static final RetryConfig CONFIG = RetryConfig.custom()
            .maxAttempts(ATTEMPTS)
            .intervalFunction(IntervalFunction.ofExponentialBackoff(FIRST_WAIT, 2.0, LONGEST_WAIT))
            .retryOnException(SchedulingRetry::lostConnection)
            .build();
    /** What HikariCP throws, without an SQLSTATE, for a connection it closed after the server ended it. */
    private static final String POOL_CLOSED = "Connection is closed";

    private SchedulingRetry() {
    }

    /**
     * {@code scheduler.scheduleJob(job, {trigger}, replace)}: the job and its trigger stored together,
     * after this node's stale firings of the job are cleared ({@link StaleFirings}): one whose end a
     * failover of the store lost would keep the trigger BLOCKED for good.
     */
    public static void storeJob(Scheduler scheduler, JobDetail job, Trigger trigger) throws SchedulerException {
        StaleFirings.clear(scheduler, job.getKey());
        run("storing " + job.getKey(), () -> scheduler.scheduleJob(job, Set.of(trigger), true));
    }

    /**
     * {@code scheduler.scheduleJob(trigger)}: a trigger of a stored job. A trigger found stored by
     * an attempt after the first was stored by an earlier one whose answer was lost: done.
     */
    public static void addTrigger(Scheduler scheduler, Trigger trigger) throws SchedulerException {
        AtomicBoolean triedBefore = new AtomicBoolean();
        run("storing " + trigger.getKey(), () -> {
            try {
                scheduler.scheduleJob(trigger);
            } catch (ObjectAlreadyExistsException e) {
                if (!triedBefore.get()) {
                    throw e;
                }
            } finally {
                triedBefore.set(true);
            }
        });
    }

    /**
     * A lost connection, by its SQLSTATE or as the pool says it: Quartz retries its row lock on the
     * connection it holds, and what it throws in the end is the pool's "closed", not the server's
     * 57P01 that closed it.
     */
    private static boolean lostConnection(Throwable failure) {
        for (Throwable e = failure; e != null; e = e.getCause()) {
            if (e instanceof SQLException sql && sql.getSQLState() == null && POOL_CLOSED.equals(sql.getMessage())) {
                return true;
            }
        }
        return SqlStates.isConnectionLost(failure);
    }

    interface Call {
        void run() throws SchedulerException;
    }

    /** {@code call}, again on a lost connection ({@code what} names it in the log). */
    static void run(String what, Call call) throws SchedulerException {
        Retry retry = Retry.of("quartz", CONFIG);
        retry.getEventPublisher().onRetry(event -> LOG.warn("{}: its connection to the state database was lost ({});"
                + " trying again in {} ms", what, String.valueOf(event.getLastThrowable()), event.getWaitInterval().toMillis()));
        try {
            retry.executeCheckedSupplier(() -> {
                call.run();
                return null;
            });
        } catch (SchedulerException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("unexpected checked exception from Quartz", t);
        }
    }
}
