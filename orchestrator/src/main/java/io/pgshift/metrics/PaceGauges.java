package io.pgshift.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.pgshift.backfill.PaceMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How the running backfill partitions pace their batches, as their last checkpoint recorded it:
 * {@code pgshift.backfill.partitions.paced{pace}}, one series per {@link PaceMode}. A yielding
 * partition's reason (the signals, in words) is on the partition row, not in a tag. One
 * instance per target and registry (as {@link ThrottleGauges}).
 */
public final class PaceGauges implements StateProbe {
    static final String SQL = "SELECT pace, count(*) FROM pgshift.backfill_partition"
            + " WHERE state = 'RUNNING' AND pace IS NOT NULL GROUP BY pace";

    private final Map<PaceMode, AtomicLong> paced = new EnumMap<>(PaceMode.class);

    public PaceGauges(MeterRegistry registry, String target) {
        Objects.requireNonNull(target, "target");
        for (PaceMode mode : PaceMode.values()) {
            AtomicLong value = new AtomicLong();
            Gauge.builder(MetricNames.PACED_PARTITIONS, value, AtomicLong::get)
                    .description("running backfill partitions per pace")
                    .tags(MetricNames.TAG_TARGET, target, MetricNames.TAG_PACE, mode.name().toLowerCase(Locale.ROOT))
                    .strongReference(true)
                    .register(registry);
            paced.put(mode, value);
        }
    }

    @Override
    public synchronized void read(Connection c) throws SQLException {
        Map<PaceMode, Long> now = new EnumMap<>(PaceMode.class);
        try (PreparedStatement ps = c.prepareStatement(SQL); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                now.put(PaceMode.valueOf(rs.getString(1)), rs.getLong(2));
            }
        }
        paced.forEach((mode, value) -> value.set(now.getOrDefault(mode, 0L)));
    }
}
