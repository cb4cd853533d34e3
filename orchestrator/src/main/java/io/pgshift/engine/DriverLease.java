package io.pgshift.engine;

import io.pgshift.db.Connections;
import io.pgshift.db.DatabaseUrl;
import io.pgshift.run.RunLeases;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A driver's hold on its run while it drives it: the lease taken on a connection of its own,
 * named {@code pgshift-lease-<random>} in pg_stat_activity (the liveness another driver checks),
 * and renewed from it every third of the lease by a thread of its own, so that a driver busy in
 * a long statement keeps it. A process that stops (SIGSTOP, a GC pause, a cut network) stops
 * renewing and loses it at expiry; one that dies loses it at once, with its session.
 */
final class DriverLease implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DriverLease.class);

    private final DatabaseUrl state;
    private final String session;
    private final long runId;
    private final long epoch;
    private final Duration ttl;
    /** Used by the renewer thread only, then by {@link #close()} once that thread ended. */
    private Connection connection;
    private final ScheduledExecutorService renewer;
    private final RunLeases leases = new RunLeases();

    /** The lease's session: where it renews from, under the name another driver looks for. */
    private record Session(DatabaseUrl state, String name, Connection connection) {
    }

    private DriverLease(Session held, long runId, long epoch, Duration ttl) {
        this.state = held.state();
        this.session = held.name();
        this.runId = runId;
        this.epoch = epoch;
        this.ttl = ttl;
        this.connection = held.connection();
        this.renewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pgshift-lease-run-" + runId);
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1, ttl.toMillis() / 3);
        renewer.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
    }

    /** The run's lease for {@code owner}, or empty while another live driver holds it. */
    static Optional<DriverLease> take(DatabaseUrl state, long runId, String owner, Duration ttl) throws SQLException {
        String session = "pgshift-lease-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        Connection c = Connections.open(state, session, renewalBound(ttl));
        try {
            OptionalLong epoch = new RunLeases().take(c, runId, owner, session, ttl);
            if (epoch.isEmpty()) {
                c.close();
                return Optional.empty();
            }
            return Optional.of(new DriverLease(new Session(state, session, c), runId, epoch.getAsLong(), ttl));
        } catch (SQLException | RuntimeException e) {
            closeAfter(c, e);
            throw e;
        }
    }

    /** Fences {@code state}: its writes to the run and its steps now fail once this lease is lost. */
    void fence(Connection state) throws SQLException {
        RunLeases.fence(state, runId, epoch);
    }

    /**
     * How long the lease session waits for the server's answer, the login's included: a fifth of
     * the lease (at least a second), so that a renewal that found its session dead, then a login
     * and a second renewal all fit in the two thirds of the lease left after the last success.
     * A renewal is a one-row UPDATE; a slow server only costs a reconnect.
     */
    static Duration renewalBound(Duration ttl) {
        Duration fifth = ttl.dividedBy(5);
        return fifth.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : fifth;
    }

    /**
     * Runs on the renewer thread only. A lease found lost is not fought for: the fence stops the
     * driver at its next write. A failed renewal (the state database restarted, failed over or
     * unreachable) reconnects and renews once more at once; one that fails again is tried at the
     * next turn. The lease may expire meanwhile, which is what another node waits for.
     */
    private void renew() {
        try {
            renewOn();
        } catch (SQLException e) {
            LOG.warn("run {}: could not renew lease {} ({}); reconnecting", runId, epoch, e.getMessage());
            if (reconnect(e)) {
                try {
                    renewOn();
                } catch (SQLException again) {
                    LOG.warn("run {}: could not renew lease {} on a new session either ({}); trying again in {}",
                            runId, epoch, again.getMessage(), ttl.dividedBy(3));
                }
            }
        }
    }

    private void renewOn() throws SQLException {
        if (!leases.renew(connection, runId, epoch, ttl)) {
            LOG.warn("run {}: lease {} lost (taken over or the run ended); this driver stops at its next write",
                    runId, epoch);
            renewer.shutdown();
        }
    }

    /**
     * A renewing session that died (terminated, a restart, a failover) is replaced under the same
     * name: while none exists another driver may take the lease over, and this one then stops at
     * the fence. True when a new session is open.
     */
    private boolean reconnect(SQLException failure) {
        try {
            connection.close();
        } catch (SQLException e) {
            failure.addSuppressed(e); // closing a dead session can only fail because it is dead
        }
        try {
            connection = Connections.open(state, session, renewalBound(ttl));
            return true;
        } catch (SQLException e) {
            failure.addSuppressed(e);
            LOG.warn("run {}: lease {} session not reopened yet: {}", runId, epoch, e.getMessage());
            return false;
        }
    }

    /**
     * Gives the lease back so that a resume elsewhere need not wait. When that fails (the state
     * database went away) closing the session gives it back just as well: takers check for it.
     */
    @Override
    public void close() {
        renewer.shutdownNow();
        try {
            renewer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Connection c = connection) {
            leases.release(c, runId, epoch);
        } catch (SQLException e) {
            LOG.info("run {}: lease {} given back by closing its session ({})", runId, epoch, e.getMessage());
        }
    }

    private static void closeAfter(Connection c, Exception failure) {
        try {
            c.close();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }
}
