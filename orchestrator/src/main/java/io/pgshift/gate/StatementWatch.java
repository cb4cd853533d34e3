package io.pgshift.gate;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cancels a statement when the thread running it is interrupted (its node stopping). A thread
 * blocked in a socket read does not see its interrupt; a gate's whole-table count or a team's
 * {@code verify} query may run for hours (up to the scan timeout), and a daemon asked to stop
 * would wait for it past its service manager's patience and be killed. Watched every
 * {@link #EVERY_MS}, the statement is cancelled (SQLSTATE 57014) and the caller, finding its thread
 * interrupted, hands the run back.
 */
final class CancelOnInterrupt implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CancelOnInterrupt.class);
    private static final long EVERY_MS = 200;
    private static final ScheduledExecutorService WATCH = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "pgshift-gate-cancel");
        t.setDaemon(true);
        return t;
    });

    private final Statement statement;
    private final Thread owner;
    private final ScheduledFuture<?> task;
    /** Guards {@link #done} so that no cancel is sent once the statement's caller has moved on. */
    private final Object lock = new Object();
    private boolean done;

    /** Watches {@code statement} run on the calling thread until {@link #close()}. */
    CancelOnInterrupt(Statement statement) {
        this.statement = statement;
        this.owner = Thread.currentThread();
        this.task = WATCH.scheduleWithFixedDelay(this::check, EVERY_MS, EVERY_MS, TimeUnit.MILLISECONDS);
    }

    private void check() {
        synchronized (lock) {
            if (done || !owner.isInterrupted()) {
                return;
            }
            done = true;
            try {
                statement.cancel();
            } catch (SQLException e) {
                // the statement then runs to its end (or its timeout), as without this watch
                LOG.warn("could not cancel the gate's statement of a stopping node: {}", e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            done = true;
        }
        task.cancel(false);
    }
}
