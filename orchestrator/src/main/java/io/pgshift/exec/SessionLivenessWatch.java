package io.pgshift.exec;

import io.pgshift.db.SocketTimeouts;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches, from a session of its own, that the server still runs the session of a long statement
 * (an index build, a {@code VALIDATE}; the driver's row counts and the gate's scans), and drops the
 * statement's connection when it no longer does. Such a statement sends nothing until it ends, so
 * its connection's only bound is the scan timeout plus margin (six and a half hours by default):
 * after a failover whose old address
 * stays silent behind something that still answers TCP keepalives (a proxy, a load balancer), or
 * a session ended on the server without a word reaching pgshift, the step would wait that long.
 * Every {@link #EVERY} the watch looks for the session's process in {@code pg_stat_activity} (by
 * pid and start time: a new server reuses pids); when a server that answers has no such session,
 * the connection is aborted, its read fails as a lost connection (08006) and the executor goes on
 * as after any: a new connection, the guard, an index build cut short rebuilt. A watch that
 * cannot reach the server does nothing: keepalive and the socket timeout bound that case.
 */
public final class SessionLivenessWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SessionLivenessWatch.class);
    static final Duration EVERY = Duration.ofSeconds(10);
    /** The probe's name in pg_stat_activity, whatever source it opens through. */
    static final String APPLICATION_NAME = "pgshift-watch";
    /**
     * How long the probe's read may wait: one thread watches every statement of the process (on
     * every target), so a target that stopped answering must not hold the others' looks for its
     * statements' whole socket timeout. A look that times out only means "cannot tell".
     */
    static final Duration PROBE_BOUND = Duration.ofSeconds(5);
    private static final ScheduledExecutorService WATCH = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "pgshift-exec-liveness");
        t.setDaemon(true);
        return t;
    });

    private final Connection running;
    private final ConnectionSource probes;
    private final long pid;
    private final OffsetDateTime started;
    private final String what;
    private final ScheduledFuture<?> task;
    /** Used on the watch thread only ({@link #close()} hands its closing to that thread too). */
    private Connection probe;
    private boolean probeFailed;

    private SessionLivenessWatch(Connection running, ConnectionSource probes, long pid, OffsetDateTime started,
                                 String what) {
        this.running = running;
        this.probes = probes;
        this.pid = pid;
        this.started = started;
        this.what = what;
        this.task = WATCH.scheduleWithFixedDelay(this::check, EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Watches the session of {@code running} until {@link #close()}; {@code what} names its statement
     * in the log. Null (no watch) when the session cannot see its own start time: a role that runs
     * as another (a role setting {@code role}) that is not a member of the login role sees its own
     * row without it, and a watch that cannot find the session must not take it for gone.
     */
    public static SessionLivenessWatch start(Connection running, ConnectionSource probes, String what) throws SQLException {
        try (Statement s = running.createStatement();
             ResultSet rs = s.executeQuery("SELECT pid, backend_start FROM pg_catalog.pg_stat_activity"
                     + " WHERE pid = pg_catalog.pg_backend_pid()")) {
            OffsetDateTime started = rs.next() ? rs.getObject(2, OffsetDateTime.class) : null;
            if (started == null) {
                LOG.debug("the session of {} cannot see its own start time; not watched", what);
                return null;
            }
            return new SessionLivenessWatch(running, probes, rs.getLong(1), started, what);
        }
    }

    private void check() {
        Boolean alive = sessionAlive();
        if (alive == null || alive) {
            return;
        }
        LOG.warn("the server no longer runs the session of {} (pid {}): a failover, or the session was ended"
                + " without a word reaching pgshift; dropping its connection to go on", what, pid);
        try {
            running.abort(Runnable::run);
        } catch (SQLException e) {
            LOG.warn("could not drop the connection of {}: {}; it waits for its socket timeout", what, e.getMessage());
        }
        task.cancel(false);
    }

    /** Whether the server has the session; null when it could not be asked. */
    private Boolean sessionAlive() {
        try {
            if (probe == null) {
                probe = probes.open();
                SocketTimeouts.set(probe, PROBE_BOUND);
                try (Statement s = probe.createStatement()) {
                    s.execute("SET application_name = '" + APPLICATION_NAME + "'");
                }
            }
            // The watched session is on the primary (its run writes and builds there), but an address
            // that lists several hosts may land the probe on a standby: it cannot tell, and saying
            // "gone" there would cut every long statement short at its first look.
            try (PreparedStatement ps = probe.prepareStatement("SELECT pg_catalog.pg_is_in_recovery(), EXISTS (SELECT"
                    + " FROM pg_catalog.pg_stat_activity WHERE pid = ? AND backend_start = ?)")) {
                ps.setLong(1, pid);
                ps.setObject(2, started);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    probeFailed = false;
                    return rs.getBoolean(1) ? null : rs.getBoolean(2);
                }
            }
        } catch (SQLException e) {
            if (!probeFailed) {
                LOG.info("cannot look for the session of {} yet ({}); trying again in {}", what, e.getMessage(), EVERY);
            }
            probeFailed = true;
            closeProbe();
            return null;
        }
    }

    private void closeProbe() {
        Connection c = probe;
        probe = null;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                LOG.debug("closing a failed liveness probe", e); // it failed: closing it can only fail the same way
            }
        }
    }

    @Override
    public void close() {
        task.cancel(false);
        // the watch thread may be inside check(); the probe is closed by whichever runs last
        WATCH.execute(this::closeProbe);
    }
}
