package io.pgshift.api;

import io.pgshift.audit.AnchorFile;
import io.pgshift.audit.AuditAnchor;
import io.pgshift.audit.AuditVerifier;
import io.pgshift.audit.VerificationResult;
import io.pgshift.daemon.DaemonConfig;
import io.pgshift.daemon.TargetNode;
import java.nio.file.Files;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/targets/{target}/audit/verify}: walks the hash chain, and checks the
 * anchors this daemon wrote for the target (when it keeps them); 200 whether it holds or not
 * ({@code ok}).
 */
final class AuditVerifyHandler implements Handler {
    private final Targets targets;
    private final DaemonConfig.AuditAnchors anchors;

    AuditVerifyHandler(Targets targets, DaemonConfig.AuditAnchors anchors) {
        this.targets = targets;
        this.anchors = anchors;
    }

    @Override
    public ApiResponse handle(ApiRequest request) throws Exception {
        TargetNode target = targets.get(request.pathParam("target"));
        List<AuditAnchor> known = anchors == null || !Files.exists(anchors.file(target.name())) ? List.of()
                : new AnchorFile(anchors.file(target.name())).read();
        try (Connection c = target.connectReadOnly("audit-verify")) {
            VerificationResult result = new AuditVerifier().verify(c, known);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("ok", result.ok());
            body.put("checked_rows", result.checkedRows());
            body.put("first_bad_id", result.firstBadId());
            body.put("reason", result.reason());
            body.put("head_hash", result.headHash());
            body.put("anchors_checked", result.anchors());
            return ApiResponse.ok(body);
        }
    }
}
