package io.pgshift.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Throttling as the workers record it: a THROTTLED partition row with its reason (they do not
 * audit it). Shows {@code pgshift.backfill.partitions.throttled{reason}} (partitions held now)
 * and counts {@code pgshift.backfill.throttle.pauses{reason}} each time a partition is first seen
 * throttled for a reason. Being a sampler, it misses a pause that starts and ends between two
 * reads, and it does not count the pauses already under way at its first read. One instance per
 * target and registry (as {@link RunStateGauges}).
 */
public final class ThrottleGauges implements StateProbe {
    static final String SQL = "SELECT backfill_id, partition_no, paused_reason FROM pgshift.backfill_partition"
            + " WHERE state = 'THROTTLED'";

    private final Map<ThrottleReasons, AtomicLong> throttled = new EnumMap<>(ThrottleReasons.class);
    private final Map<ThrottleReasons, Counter> pauses = new EnumMap<>(ThrottleReasons.class);
    private Set<String> previous;

    public ThrottleGauges(MeterRegistry registry, String target) {
        Objects.requireNonNull(target, "target");
        for (ThrottleReasons reason : ThrottleReasons.values()) {
            AtomicLong value = new AtomicLong();
            Gauge.builder(MetricNames.THROTTLED_PARTITIONS, value, AtomicLong::get)
                    .description("backfill partitions throttled now")
                    .tags(MetricNames.TAG_TARGET, target, MetricNames.TAG_REASON, reason.tag())
                    .strongReference(true)
                    .register(registry);
            throttled.put(reason, value);
            pauses.put(reason, Counter.builder(MetricNames.THROTTLE_PAUSES)
                    .description("backfill partitions seen newly throttled")
                    .tags(MetricNames.TAG_TARGET, target, MetricNames.TAG_REASON, reason.tag())
                    .register(registry));
        }
    }

    @Override
    public synchronized void read(Connection c) throws SQLException {
        Map<ThrottleReasons, Long> now = new EnumMap<>(ThrottleReasons.class);
        Set<String> seen = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(SQL); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String partition = rs.getLong(1) + "/" + rs.getInt(2);
                for (ThrottleReasons reason : ThrottleReasons.of(rs.getString(3))) {
                    now.merge(reason, 1L, Long::sum);
                    String key = partition + "/" + reason;
                    seen.add(key);
                    if (previous != null && !previous.contains(key)) {
                        pauses.get(reason).increment();
                    }
                }
            }
        }
        throttled.forEach((reason, value) -> value.set(now.getOrDefault(reason, 0L)));
        previous = seen;
    }
}
