package io.pgshift.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.pgshift.sync.Reliance;
import io.pgshift.sync.RelianceReader;
import io.pgshift.sync.SyncTrigger;
import io.pgshift.sync.SyncTriggerState;
import io.pgshift.sync.SyncTriggerStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sync triggers' reliance as gauges: per live trigger, the rows it filled in the last five
 * minutes ({@code pgshift.sync.trigger.rows.filled.recent}) and how long it has filled nothing
 * ({@code pgshift.sync.trigger.quiet.seconds}); per target, how many are retained after contract
 * and how many writers still rely on. An alert on a retained trigger that keeps filling rows long
 * after a deploy finds an application instance still running the old version. A trigger's gauges
 * are removed once it is dropped. Read only: the counters are read, no sample is recorded.
 */
public final class SyncTriggerGauges implements StateProbe {
    private final MeterRegistry registry;
    private final String target;
    private final SyncTriggerStore store = new SyncTriggerStore();
    private final RelianceReader reliance = new RelianceReader(store);
    private final AtomicLong retained = new AtomicLong();
    private final AtomicLong reliedOn = new AtomicLong();
    private final Map<Long, PerTrigger> triggers = new HashMap<>();

    private record PerTrigger(AtomicLong recent, AtomicLong quiet, List<Gauge> gauges) {
    }

    public SyncTriggerGauges(MeterRegistry registry, String target) {
        this.registry = registry;
        this.target = target;
        Gauge.builder(MetricNames.SYNC_TRIGGERS_RETAINED, retained, AtomicLong::get)
                .description("sync triggers kept after contract for writers that omit their columns")
                .tags(MetricNames.TAG_TARGET, target).strongReference(true).register(registry);
        Gauge.builder(MetricNames.SYNC_TRIGGERS_RELIED_ON, reliedOn, AtomicLong::get)
                .description("sync triggers that filled rows within their quiet period")
                .tags(MetricNames.TAG_TARGET, target).strongReference(true).register(registry);
    }

    @Override
    public synchronized void read(Connection c) throws SQLException {
        long retainedNow = 0;
        long reliedNow = 0;
        Set<Long> seen = new HashSet<>();
        for (SyncTrigger t : store.live(c)) {
            Reliance r = reliance.read(c, c, t);
            retainedNow += t.state() == SyncTriggerState.RETAINED ? 1 : 0;
            reliedNow += r.reliedOn() ? 1 : 0;
            PerTrigger gauges = triggers.computeIfAbsent(t.id(), id -> register(t));
            gauges.recent().set(r.filledRecently());
            gauges.quiet().set(r.quietFor().toSeconds());
            seen.add(t.id());
        }
        retained.set(retainedNow);
        reliedOn.set(reliedNow);
        triggers.entrySet().removeIf(e -> {
            if (seen.contains(e.getKey())) {
                return false;
            }
            e.getValue().gauges().forEach(registry::remove);
            return true;
        });
    }

    private PerTrigger register(SyncTrigger t) {
        Tags tags = Tags.of(MetricNames.TAG_TARGET, target, MetricNames.TAG_TABLE, t.table().display(),
                MetricNames.TAG_TRIGGER, t.name());
        AtomicLong recent = new AtomicLong();
        AtomicLong quiet = new AtomicLong();
        Gauge recentGauge = Gauge.builder(MetricNames.SYNC_TRIGGER_ROWS_FILLED_RECENT, recent, AtomicLong::get)
                .description("rows the sync trigger filled in the last 5 minutes").tags(tags).strongReference(true)
                .register(registry);
        Gauge quietGauge = Gauge.builder(MetricNames.SYNC_TRIGGER_QUIET_SECONDS, quiet, AtomicLong::get)
                .description("seconds since the sync trigger last filled a row (or was installed)").tags(tags)
                .strongReference(true).register(registry);
        return new PerTrigger(recent, quiet, List.of(recentGauge, quietGauge));
    }
}
