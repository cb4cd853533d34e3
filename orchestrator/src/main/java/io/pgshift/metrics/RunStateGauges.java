package io.pgshift.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.pgshift.run.RunState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Gauges {@code pgshift.runs{state, target}}: how many runs are in each state. Every state of
 * the polled target is registered up front, so a state with no run shows 0 rather than nothing.
 * Runs whose {@code target} column names another target are shown under that name.
 *
 * <p>Create one per target and registry: Micrometer keeps the first gauge registered under a
 * name and tags, so a second instance's values would never be shown.
 */
public final class RunStateGauges implements StateProbe {
    static final String SQL = "SELECT coalesce(target, ?) AS target, state, count(*) FROM pgshift.run GROUP BY 1, 2";

    private final MeterRegistry registry;
    private final String target;
    private final Map<String, Map<RunState, AtomicLong>> counts = new ConcurrentHashMap<>();

    public RunStateGauges(MeterRegistry registry, String target) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.target = Objects.requireNonNull(target, "target");
        gaugesOf(target);
    }

    @Override
    public void read(Connection c) throws SQLException {
        Map<String, Map<RunState, Long>> read = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(SQL)) {
            ps.setString(1, target);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    read.computeIfAbsent(rs.getString(1), t -> new HashMap<>())
                            .put(RunState.valueOf(rs.getString(2)), rs.getLong(3));
                }
            }
        }
        read.keySet().forEach(this::gaugesOf);
        counts.forEach((t, gauges) -> gauges.forEach((state, value) ->
                value.set(read.getOrDefault(t, Map.of()).getOrDefault(state, 0L))));
    }

    private Map<RunState, AtomicLong> gaugesOf(String name) {
        return counts.computeIfAbsent(name, t -> {
            Map<RunState, AtomicLong> gauges = new HashMap<>();
            for (RunState state : RunState.values()) {
                AtomicLong value = new AtomicLong();
                Gauge.builder(MetricNames.RUNS, value, AtomicLong::get)
                        .description("runs per state")
                        .tags(MetricNames.TAG_TARGET, t, MetricNames.TAG_STATE, state.name())
                        .strongReference(true)
                        .register(registry);
                gauges.put(state, value);
            }
            return gauges;
        });
    }
}
