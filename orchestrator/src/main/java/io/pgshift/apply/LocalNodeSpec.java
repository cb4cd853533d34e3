package io.pgshift.apply;

import io.micrometer.core.instrument.MeterRegistry;
import io.pgshift.audit.AuditObserver;
import io.pgshift.db.DatabaseUrl;
import io.pgshift.engine.EngineSettings;
import java.time.Clock;

/**
 * What a {@link LocalNode} is started with: it changes {@code url} while its runs, audit log and
 * Quartz store live in {@code stateUrl}; {@code observer} is told of every audit entry (metrics, hooks).
 */
public record LocalNodeSpec(DatabaseUrl url, DatabaseUrl stateUrl, String node, int threads, EngineSettings settings,
                            Clock clock, MeterRegistry registry, AuditObserver observer) {
}
