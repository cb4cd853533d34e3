package io.pgshift.daemon.boot;

import io.pgshift.api.ApiResponse;
import io.pgshift.api.Route;
import io.pgshift.metrics.PrometheusEndpoint;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@code GET /metrics}: the Prometheus text exposition. Open without a token like the health
 * checks, since scrapers rarely carry one; the daemon listens on 127.0.0.1 unless told otherwise,
 * and the metrics hold counts and durations, never SQL or data.
 */
public final class MetricsRoute {
    private MetricsRoute() {
    }

    public static Route of(PrometheusEndpoint prometheus) {
        return Route.of("GET", "/metrics", null, request -> new ApiResponse(200, PrometheusEndpoint.CONTENT_TYPE,
                Map.of(), prometheus.scrape().getBytes(StandardCharsets.UTF_8), null));
    }
}
