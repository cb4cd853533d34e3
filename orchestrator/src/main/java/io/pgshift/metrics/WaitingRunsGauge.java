package io.pgshift.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Gauge {@code pgshift.runs.waiting{target}}: runs in a working state that wait outside their
 * allowed windows (or for a backfill's schedule). An alert on it staying up past a window's
 * opening finds a run that will not go on by itself.
 */
public final class WaitingRunsGauge implements StateProbe {
    static final String SQL = "SELECT count(*) FROM pgshift.run WHERE waiting_reason IS NOT NULL";

    private final AtomicLong waiting = new AtomicLong();

    public WaitingRunsGauge(MeterRegistry registry, String target) {
        Gauge.builder(MetricNames.WAITING_RUNS, waiting, AtomicLong::get)
                .description("runs waiting for a window")
                .tags(MetricNames.TAG_TARGET, target)
                .strongReference(true)
                .register(registry);
    }

    @Override
    public void read(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SQL); ResultSet rs = ps.executeQuery()) {
            rs.next();
            waiting.set(rs.getLong(1));
        }
    }
}
