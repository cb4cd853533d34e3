package io.pgshift.daemon.boot;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pgshift.api.Route;
import java.util.List;

/**
 * What other parts of pgshift plug into a daemon, each with a no-op default: the meter registry
 * the nodes record into (metrics: pass a Prometheus registry and a {@code GET /metrics} route)
 * and extra routes served next to the API (metrics, dashboard; a route with a null role needs no
 * token). Hooks and audit observers are added here too, as further components.
 */
public record DaemonExtensions(MeterRegistry registry, List<Route> routes) {
    public DaemonExtensions {
        routes = List.copyOf(routes);
    }

    public static DaemonExtensions none() {
        return new DaemonExtensions(new SimpleMeterRegistry(), List.of());
    }
}
