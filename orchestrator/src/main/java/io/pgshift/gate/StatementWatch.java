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
 * Cancels a gate's one statement when the thread running it is interrupted (its node stopping)
 * or when the run it serves is halted (an operator's pause or cancel, {@link HaltCheck}). A thread
 * blocked in a socket read does not see its interrupt, and a run's state is read between
 * statements: a gate's whole-table count or a team's {@code verify} query may run for hours (up to
 * the scan timeout), and a daemon asked to stop would wait for it past its service manager's
 * patience and be killed, an operator's pause would wait for its end. Watched every
 * {@link #EVERY_MS} (the run's state every {@link #HALT_EVERY}th time), the statement is cancelled
 * (SQLSTATE 57014) and the caller, finding its thread interrupted or {@link #halted()}, stops.
 */
final class StatementWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StatementWatch.class);
    private static final long EVERY_MS = 200;
    private static final int HALT_EVERY = 5;
    private static final ScheduledExecutorService WATCH = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "pgshift-gate-cancel");
        t.setDaemon(true);
        return t;
    });

    private final Statement statement;
    private final Thread owner;
    private final HaltCheck halt;
    private final ScheduledFuture<?> task;
    /** Guards {@link #done} so that no cancel is sent once the statement's caller has moved on. */
    private final Object lock = new Object();
    private boolean done;
    private volatile boolean halted;
    private int ticks;
    private boolean haltCheckFailed;

    /** Watches {@code statement} run on the calling thread until {@link #close()}. */
    StatementWatch(Statement statement, HaltCheck halt) {
        this.statement = statement;
        this.owner = Thread.currentThread();
        this.halt = halt;
        this.task = WATCH.scheduleWithFixedDelay(this::check, EVERY_MS, EVERY_MS, TimeUnit.MILLISECONDS);
    }

    /** Whether the statement was cancelled because its run was halted. */
    boolean halted() {
        return halted;
    }

    private void check() {
        boolean interrupted = owner.isInterrupted();
        boolean runHalted = !interrupted && ++ticks % HALT_EVERY == 0 && runHalted();
        synchronized (lock) {
            if (done || !interrupted && !runHalted) {
                return;
            }
            done = true;
            halted = runHalted;
            try {
                statement.cancel();
            } catch (SQLException e) {
                // the statement then runs to its end (or its timeout), as without this watch
                LOG.warn("could not cancel the gate's statement ({}): {}", interrupted ? "its node is stopping"
                        : "its run was paused or cancelled", e.getMessage());
            }
        }
    }

    /** The run's state, read outside the lock: a slow read must not hold up {@link #close()}. */
    private boolean runHalted() {
        if (haltCheckFailed) {
            return false;
        }
        try {
            return halt.halted();
        } catch (SQLException e) {
            // the statement runs on, as it did before the run's state was watched; said and tried once
            haltCheckFailed = true;
            LOG.warn("could not read the run's state while the gate's statement runs (a pause or cancel takes"
                    + " effect when it ends): {}", e.getMessage());
            return false;
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
