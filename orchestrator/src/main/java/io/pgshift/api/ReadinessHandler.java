package io.pgshift.api;

import io.pgshift.daemon.TargetNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** {@code GET /readyz}: 200 when every target's database answers and its node runs, else 503 naming the target. */
final class ReadinessHandler implements Handler {
    private final Targets targets;

    ReadinessHandler(Targets targets) {
        this.targets = targets;
    }

    @Override
    public ApiResponse handle(ApiRequest request) {
        Map<String, String> status = new LinkedHashMap<>();
        boolean ready = true;
        for (TargetNode target : targets.all()) {
            Optional<String> problem = target.notReady();
            status.put(target.name(), problem.orElse("ready"));
            ready &= problem.isEmpty();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", ready ? "ready" : "not ready");
        body.put("targets", status);
        return ApiResponse.json(ready ? 200 : 503, body);
    }
}
