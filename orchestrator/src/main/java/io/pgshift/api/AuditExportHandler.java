package io.pgshift.api;

import io.pgshift.audit.AuditFilter;
import io.pgshift.audit.AuditQuery;
import io.pgshift.audit.AuditRecord;
import io.pgshift.daemon.TargetNode;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/targets/{target}/audit/export}: every entry matching the filter as JSON lines
 * ({@code application/x-ndjson}). A job ({@link ApiJobs}): a long log takes a while to read, so
 * the request answers 202 at once; the job writes the lines page by page into a private file
 * (the log's size does not matter) and its {@code download} serves it.
 */
final class AuditExportHandler implements Handler {
    static final String NDJSON = "application/x-ndjson";
    private static final int PAGE = 1000;

    private final Targets targets;
    private final ApiJobs jobs;

    AuditExportHandler(Targets targets, ApiJobs jobs) {
        this.targets = targets;
        this.jobs = jobs;
    }

    @Override
    public ApiResponse handle(ApiRequest request) {
        TargetNode target = targets.get(request.pathParam("target"));
        AuditFilter filter = AuditViews.filter(request);
        return jobs.start(target.name(), "audit-export", request.actor(), NDJSON, file -> {
            long rows;
            try (OutputStream out = Files.newOutputStream(file)) {
                rows = export(target, filter, out);
            }
            return Map.of("rows", rows, "bytes", Files.size(file));
        });
    }

    private static long export(TargetNode target, AuditFilter filter, OutputStream out) throws Exception {
        AuditQuery query = new AuditQuery();
        long rows = 0;
        try (Connection c = target.connectReadOnly("audit-export")) {
            for (int offset = 0; ; offset += PAGE) {
                List<AuditRecord> page = query.list(c, filter, PAGE, offset);
                for (AuditRecord record : page) {
                    out.write(ApiJson.write(AuditViews.entry(record)));
                    out.write('\n');
                    rows++;
                }
                if (page.size() < PAGE) {
                    return rows;
                }
            }
        }
    }
}
