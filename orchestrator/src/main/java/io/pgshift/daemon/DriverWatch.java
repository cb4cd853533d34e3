package io.pgshift.daemon;

import io.pgshift.console.RepeatedFailureLog;
import io.pgshift.engine.DriverlessRuns;
import io.pgshift.run.RunStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks every {@link #INTERVAL} for runs of one target that no driver carries and fires their
 * driver ({@link DriverlessRuns}): what a daemon otherwise does only when it starts. Each look is
 * a task boundary: a failure (the database failing over, say) is logged once per distinct message
 * and the next look tries again.
 */
final class DriverWatch implements AutoCloseable {
    static final Duration INTERVAL = Duration.ofSeconds(15);
    private static final Logger LOG = LoggerFactory.getLogger(DriverWatch.class);

    /** A session on the target's state, closed after each look. */
    @FunctionalInterface
    interface StateSessions {
        Connection open() throws SQLException;
    }

    private final String target;
    private final Scheduler scheduler;
    private final RunStore runs;
    private final StateSessions sessions;
    private final ScheduledExecutorService executor;
    private final RepeatedFailureLog failures;

    private DriverWatch(String target, Scheduler scheduler, RunStore runs, StateSessions sessions) {
        this.target = target;
        this.scheduler = scheduler;
        this.runs = runs;
        this.sessions = sessions;
        this.failures = new RepeatedFailureLog(LOG, "target " + target + ": looking for runs without a driver");
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pgshift-driver-watch-" + target);
            t.setDaemon(true);
            return t;
        });
    }

    static DriverWatch start(String target, Scheduler scheduler, RunStore runs, StateSessions sessions) {
        DriverWatch watch = new DriverWatch(target, scheduler, runs, sessions);
        watch.executor.scheduleWithFixedDelay(watch::look, INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        return watch;
    }

    /** One look; never throws (a throwing task would silently end the schedule). */
    private void look() {
        try (Connection c = sessions.open()) {
            List<Long> fired = DriverlessRuns.fire(scheduler, c, runs);
            failures.worked();
            if (!fired.isEmpty()) {
                LOG.info("target {}: fired the driver of runs {}", target, fired);
            }
        } catch (SQLException | SchedulerException | RuntimeException e) {
            failures.failed(e, "looking again in " + INTERVAL.toSeconds() + " s");
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
