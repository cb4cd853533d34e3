package io.pgshift.api;

import io.pgshift.audit.AuditQuery;
import io.pgshift.daemon.TargetNode;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /api/v1/targets/{target}/audit?run=&since=&actor=&action=&limit=&offset=}: one page, oldest first. */
final class AuditListHandler implements Handler {
    private final Targets targets;

    AuditListHandler(Targets targets) {
        this.targets = targets;
    }

    @Override
    public ApiResponse handle(ApiRequest request) throws Exception {
        TargetNode target = targets.get(request.pathParam("target"));
        var filter = AuditViews.filter(request);
        int limit = request.queryInt("limit", 100, 1, 1000);
        int offset = request.queryInt("offset", 0, 0, Integer.MAX_VALUE);
        try (Connection c = target.connectReadOnly("audit")) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("entries", new AuditQuery().list(c, filter, limit, offset).stream().map(AuditViews::entry).toList());
            body.put("limit", limit);
            body.put("offset", offset);
            return ApiResponse.ok(body);
        }
    }
}
