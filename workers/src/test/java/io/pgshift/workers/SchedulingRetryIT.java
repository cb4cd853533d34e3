package io.pgshift.workers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.pgshift.quartz.SchedulingRetry;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.slf4j.LoggerFactory;

/**
 * The server ends the sessions of a node's Quartz pool (as an operator's
 * {@code pg_terminate_backend}, a pooler or a failover would) just after the node used them. The
 * pool hands the dead connection to the next scheduling call (it checks only a connection idle
 * for more than half a second) and Quartz gives up on it: the call failed, and with it an
 * {@code apply} as it scheduled its run's driver. Each call is now tried again on a live
 * connection. A cycle that happens to get a live connection at once proves nothing, so the test
 * goes on until it has seen a call tried again, and every call succeeds.
 */
@ExtendWith(PgDatabaseExtension.class)
class SchedulingRetryIT {
    private static final int CYCLES = 10;

    /** Never fired: its triggers start tomorrow. */
    public static final class Idle implements Job {
        @Override
        public void execute(JobExecutionContext context) {
        }
    }

    @Test
    void jobsAndTriggersAreStoredThoughThePoolsSessionsWereJustTerminated(TestDatabase db) throws Exception {
        BackfillFixture.migrate(db);
        Logger log = (Logger) LoggerFactory.getLogger(SchedulingRetry.class);
        ListAppender<ILoggingEvent> retries = new ListAppender<>();
        retries.start();
        log.addAppender(retries);
        try (WorkerNode node = BackfillFixture.startNode(db, "retry-node", 1)) {
            Scheduler scheduler = node.scheduler();
            for (int i = 0; i < CYCLES && retries.list.isEmpty(); i++) {
                JobKey key = JobKey.jobKey("idle-" + i, "test");
                scheduler.checkExists(key); // the pool's connection, just used
                terminateQuartzSessions(db);
                JobDetail job = JobBuilder.newJob(Idle.class).withIdentity(key).storeDurably().build();
                SchedulingRetry.storeJob(scheduler, job, tomorrow(key, "first"));

                scheduler.checkExists(key);
                terminateQuartzSessions(db);
                SchedulingRetry.addTrigger(scheduler, tomorrow(key, "second"));
                assertTrue(scheduler.getTriggersOfJob(key).size() == 2, "both triggers of " + key + " stored");
            }
        } finally {
            log.detachAppender(retries);
        }
        assertTrue(!retries.list.isEmpty(), "no scheduling call met a terminated session in " + CYCLES + " cycles");
    }

    private static Trigger tomorrow(JobKey job, String name) {
        return TriggerBuilder.newTrigger().forJob(job).withIdentity(job.getName() + "-" + name, job.getGroup())
                .startAt(Date.from(Instant.now().plus(1, ChronoUnit.DAYS))).build();
    }

    /** Ends the pool's sessions and waits until they are gone (the pool opens new ones meanwhile: those stay). */
    private static void terminateQuartzSessions(TestDatabase db) {
        // terminated in the aggregate's filter, which sees only the rows the WHERE kept
        Object ended = db.queryValue("SELECT string_agg(pid::text, ',') FILTER (WHERE pg_terminate_backend(pid))"
                + " FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'pgshift-quartz'");
        assertTrue(ended != null, "the pool had no session to terminate");
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (db.queryLong("SELECT count(*) FROM pg_stat_activity WHERE pid IN (" + ended + ")") > 0) {
            assertTrue(System.nanoTime() < deadline, "the pool's sessions " + ended + " still there 5 s after their termination");
        }
    }
}
