package io.pgshift.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Throttling as the workers record it: a THROTTLED partition row with its kinds of reason
 * ({@code throttle_reasons}, beside the words; they do not audit it). Shows
 * {@code pgshift.backfill.partitions.throttled{reason}} (partitions held now)
 * and counts {@code pgshift.backfill.throttle.pauses{reason}} each time a partition is first seen
 * throttled for a reason. Being a sampler, it misses a pause that starts and ends between two
 * reads, and it does not count the pauses already under way at its first read. One instance per
 * target and registry (as {@link RunStateGauges}).
 */
public final class ThrottleGauges implements StateProbe {
    static final String SQL = "SELECT backfill_id, partition_no, throttle_reasons FROM pgshift.backfill_partition"
            + " WHERE state = 'THROTTLED'";

    private final Map<String, AtomicLong> throttled = new HashMap<>();
    private final Map<String, Counter> pauses = new HashMap<>();
    private Set<String> previous;

    public ThrottleGauges(MeterRegistry registry, String target) {
        Objects.requireNonNull(target, "target");
        for (String reason : ThrottleTags.all()) {
            AtomicLong value = new AtomicLong();
            Gauge.builder(MetricNames.THROTTLED_PARTITIONS, value, AtomicLong::get)
                    .description("backfill partitions throttled now")
                    .tags(MetricNames.TAG_TARGET, target, MetricNames.TAG_REASON, reason)
                    .strongReference(true)
                    .register(registry);
            throttled.put(reason, value);
            pauses.put(reason, Counter.builder(MetricNames.THROTTLE_PAUSES)
                    .description("backfill partitions seen newly throttled")
                    .tags(MetricNames.TAG_TARGET, target, MetricNames.TAG_REASON, reason)
                    .register(registry));
        }
    }

    @Override
    public synchronized void read(Connection c) throws SQLException {
        Map<String, Long> now = new HashMap<>();
        Set<String> seen = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(SQL); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String partition = rs.getLong(1) + "/" + rs.getInt(2);
                for (String reason : ThrottleTags.of(names(rs.getArray(3)))) {
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

    private static String[] names(Array array) throws SQLException {
        return array == null ? null : (String[]) array.getArray();
    }
}
