package io.pgshift.api;

import java.util.Map;

/** {@code GET /healthz}: the process answers (liveness); no token needed. */
final class HealthHandler implements Handler {
    @Override
    public ApiResponse handle(ApiRequest request) {
        return ApiResponse.ok(Map.of("status", "ok"));
    }
}
