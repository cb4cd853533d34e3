package io.pgshift.api;

import io.pgshift.audit.AuditLog;
import io.pgshift.ops.BaselineStore;
import java.sql.Connection;
import java.time.Clock;

/**
 * {@code GET /api/v1/targets/{target}/baseline?schema=public}: the newest baseline of the
 * schema, with {@code "intact"} saying whether its snapshot still hashes to its checksum; 404
 * when none was recorded.
 */
final class GetBaselineHandler implements Handler {
    private final Targets targets;
    private final BaselineStore store;

    GetBaselineHandler(Targets targets, Clock clock) {
        this.targets = targets;
        this.store = new BaselineStore(new AuditLog(clock));
    }

    @Override
    public ApiResponse handle(ApiRequest request) throws Exception {
        var target = targets.get(request.pathParam("target"));
        String schema = request.query("schema") == null ? "public" : request.query("schema");
        try (Connection c = target.connectReadOnly("baseline")) {
            return ApiResponse.ok(store.latest(c, schema).orElseThrow(() -> ApiException.notFound("no baseline of schema "
                    + schema + " in target " + target.name() + ": record one with POST /api/v1/targets/" + target.name()
                    + "/baseline")).values());
        }
    }
}
