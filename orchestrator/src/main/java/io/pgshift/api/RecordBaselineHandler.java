package io.pgshift.api;

import io.pgshift.audit.AuditLog;
import io.pgshift.ops.Baseline;
import io.pgshift.ops.BaselineStore;
import java.sql.Connection;
import java.time.Clock;

/**
 * {@code POST /api/v1/targets/{target}/baseline} with an optional {@code {"schema": "public"}}:
 * records the live schema as {@code pgshift baseline} does (snapshot, SHA-256, the token's name),
 * audited BASELINE_RECORDED in the same transaction. 201 with the baseline.
 */
final class RecordBaselineHandler implements Handler {
    private final Targets targets;
    private final BaselineStore store;

    RecordBaselineHandler(Targets targets, Clock clock) {
        this.targets = targets;
        this.store = new BaselineStore(new AuditLog(clock));
    }

    @Override
    public ApiResponse handle(ApiRequest request) throws Exception {
        var target = targets.get(request.pathParam("target"));
        var body = request.jsonObject();
        Bodies.onlyFields(body, "schema");
        String schema = Bodies.optionalText(body, "schema", "public");
        try (Connection c = target.connect("baseline")) {
            Baseline baseline = store.record(c, schema, request.actor());
            return ApiResponse.json(201, baseline.values());
        }
    }
}
