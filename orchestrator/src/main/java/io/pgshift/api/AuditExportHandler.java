package io.pgshift.api;

import io.pgshift.audit.AuditFilter;
import io.pgshift.audit.AuditQuery;
import io.pgshift.audit.AuditRecord;
import io.pgshift.daemon.TargetNode;
import java.io.OutputStream;
import java.sql.Connection;
import java.util.List;

/**
 * {@code GET /api/v1/targets/{target}/audit/export}: every entry matching the filter as JSON lines
 * ({@code application/x-ndjson}), streamed page by page so the log's size does not matter.
 */
final class AuditExportHandler implements Handler {
    private static final int PAGE = 1000;

    private final Targets targets;

    AuditExportHandler(Targets targets) {
        this.targets = targets;
    }

    @Override
    public ApiResponse handle(ApiRequest request) {
        TargetNode target = targets.get(request.pathParam("target"));
        AuditFilter filter = AuditViews.filter(request);
        return ApiResponse.streamed("application/x-ndjson", out -> export(target, filter, out));
    }

    private static void export(TargetNode target, AuditFilter filter, OutputStream out) throws Exception {
        AuditQuery query = new AuditQuery();
        try (Connection c = target.connectReadOnly("audit-export")) {
            for (int offset = 0; ; offset += PAGE) {
                List<AuditRecord> page = query.list(c, filter, PAGE, offset);
                for (AuditRecord record : page) {
                    out.write(Json.write(AuditViews.entry(record)));
                    out.write('\n');
                }
                if (page.size() < PAGE) {
                    return;
                }
            }
        }
    }
}
