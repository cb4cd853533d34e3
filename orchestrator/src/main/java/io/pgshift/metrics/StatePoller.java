package io.pgshift.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.pgshift.console.RepeatedFailureLog;
import io.pgshift.db.Connections;
import io.pgshift.db.DatabaseUrl;
import io.pgshift.db.SocketTimeouts;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one target's state tables every few seconds on a daemon thread and updates the gauges of
 * {@link RunStateGauges}, {@link ThrottleGauges}, {@link WaitingRunsGauge} and {@link SyncTriggerGauges}. Each read is a task boundary: a failure
 * (database down, schema not migrated yet) is logged once per distinct message, counted in
 * {@code pgshift.state.read.failures}, the connection is dropped and the next read opens a new
 * one; the gauges keep their last values meanwhile.
 */
public final class StatePoller implements AutoCloseable {
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(StatePoller.class);
    /** Gauges are read every few seconds: a read that takes longer is not worth waiting for. */
    private static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(5);

    private final DatabaseUrl url;
    private final String target;
    private final List<StateProbe> probes;
    private final Counter failures;
    private final ScheduledExecutorService scheduler;
    private final RepeatedFailureLog log;
    private Connection connection;

    StatePoller(DatabaseUrl url, String target, List<StateProbe> probes, MeterRegistry registry) {
        this.url = Objects.requireNonNull(url, "url");
        this.target = Objects.requireNonNull(target, "target");
        this.probes = List.copyOf(probes);
        this.failures = registry.counter(MetricNames.STATE_READ_FAILURES, MetricNames.TAG_TARGET, target);
        this.log = new RepeatedFailureLog(LOG, "reading pgshift state of target " + target + " for metrics");
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pgshift-metrics-" + target);
            t.setDaemon(true);
            return t;
        });
    }

    /** Registers the run and throttle gauges of {@code target} and reads them every {@code interval}. */
    public static StatePoller start(MeterRegistry registry, String target, DatabaseUrl url, Duration interval) {
        StatePoller poller = new StatePoller(url, target,
                List.of(new RunStateGauges(registry, target), new ThrottleGauges(registry, target),
                        new PaceGauges(registry, target),
                        new WaitingRunsGauge(registry, target), new SyncTriggerGauges(registry, target)), registry);
        poller.scheduler.scheduleWithFixedDelay(poller::poll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return poller;
    }

    public static StatePoller start(MeterRegistry registry, String target, DatabaseUrl url) {
        return start(registry, target, url, DEFAULT_INTERVAL);
    }

    /** One read of every probe; never throws (a throwing task would silently end the schedule). */
    synchronized void poll() {
        try {
            Connection c = connection();
            for (StateProbe probe : probes) {
                probe.read(c);
            }
            log.worked();
        } catch (SQLException | RuntimeException e) {
            failures.increment();
            log.failed(e, "gauges keep their last values");
            dropConnection();
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            connection = Connections.open(url, "pgshift-metrics", SocketTimeouts.outlasting(STATEMENT_TIMEOUT));
            try (Statement s = connection.createStatement()) {
                s.execute("SET statement_timeout = " + STATEMENT_TIMEOUT.toMillis());
            }
        }
        return connection;
    }

    private void dropConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("closing the metrics connection of target {} failed", target, e);
            }
            connection = null;
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            dropConnection();
        }
    }
}
