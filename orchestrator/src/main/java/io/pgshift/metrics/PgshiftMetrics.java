package io.pgshift.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.pgshift.audit.AuditLog;
import io.pgshift.audit.AuditObserver;
import io.pgshift.audit.AuditRecord;
import io.pgshift.audit.StatementPhase;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Turns audit rows of one target database into meters: lock-timeout retries and statement
 * durations. It is an {@link AuditObserver}, so it counts what the engine audits, on any node.
 *
 * <p>Throttling is not audited (the workers write the reason on the partition row), so
 * {@link ThrottleGauges} reads it; run states come from {@link RunStateGauges}. Hook failures
 * are counted by the hook dispatcher itself, not from their HOOK_FAILED rows, so a failure whose
 * audit could not be written still counts.
 */
public final class PgshiftMetrics implements AuditObserver {
    static final String LOCK_NOT_AVAILABLE = "55P03";
    static final String UNKNOWN = "unknown";

    private final MeterRegistry registry;
    private final String target;

    public PgshiftMetrics(MeterRegistry registry, String target) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.target = Objects.requireNonNull(target, "target");
    }

    /** Also exposes how often {@code log}'s observers threw. */
    public PgshiftMetrics monitor(AuditLog log) {
        FunctionCounter.builder(MetricNames.AUDIT_OBSERVER_FAILURES, log, AuditLog::observerFailures)
                .tags(Tags.of(MetricNames.TAG_TARGET, target))
                .description("audit observers that threw; the audit row was written all the same")
                .register(registry);
        return this;
    }

    @Override
    public void appended(AuditRecord record) {
        switch (record.action()) {
            case STATEMENT_RETRIED -> retried(record.details());
            case STATEMENT_EXECUTED -> executed(record.details());
            default -> { }
        }
    }

    private void retried(Map<String, Object> details) {
        if (LOCK_NOT_AVAILABLE.equals(details.get("sqlstate"))) {
            registry.counter(MetricNames.LOCK_TIMEOUT_RETRIES,
                    MetricNames.TAG_TARGET, target, MetricNames.TAG_LOCK, text(details.get("lock"))).increment();
        }
    }

    private void executed(Map<String, Object> details) {
        if (!(details.get("duration_ms") instanceof Number ms)) {
            return;
        }
        Timer.builder(MetricNames.STATEMENT_DURATION)
                .description("the successful attempt of each executed plan statement")
                .tags(MetricNames.TAG_TARGET, target, MetricNames.TAG_LOCK, text(details.get("lock")),
                        MetricNames.TAG_PHASE, phaseOf(details))
                .register(registry)
                .record(Duration.ofMillis(ms.longValue()));
    }

    /** The statement's phase as the engine recorded it; "unknown" for a row without one. */
    static String phaseOf(Map<String, Object> details) {
        StatementPhase phase = StatementPhase.fromDetail(details.get("phase"));
        return phase == null ? UNKNOWN : phase.word();
    }

    private static String text(Object value) {
        return value == null ? UNKNOWN : value.toString();
    }
}
