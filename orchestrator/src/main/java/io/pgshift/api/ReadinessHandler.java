package io.pgshift.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /readyz}: 200 when every target's database answers and its node runs, else 503 naming
 * the target; from the {@link ReadinessProbe}'s last checks, never a database call of its own.
 */
final class ReadinessHandler implements Handler {
    private final ReadinessProbe probe;

    ReadinessHandler(ReadinessProbe probe) {
        this.probe = probe;
    }

    @Override
    public ApiResponse handle(ApiRequest request) {
        Map<String, String> status = new LinkedHashMap<>();
        boolean ready = true;
        for (Map.Entry<String, Optional<String>> target : probe.status().entrySet()) {
            status.put(target.getKey(), target.getValue().orElse("ready"));
            ready &= target.getValue().isEmpty();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", ready ? "ready" : "not ready");
        body.put("targets", status);
        return ApiResponse.json(ready ? 200 : 503, body);
    }
}
