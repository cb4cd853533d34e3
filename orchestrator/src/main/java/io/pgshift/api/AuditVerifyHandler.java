package io.pgshift.api;

import io.pgshift.audit.AuditVerifier;
import io.pgshift.audit.VerificationResult;
import io.pgshift.daemon.TargetNode;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /api/v1/targets/{target}/audit/verify}: walks the hash chain; 200 whether it holds or not ({@code ok}). */
final class AuditVerifyHandler implements Handler {
    private final Targets targets;

    AuditVerifyHandler(Targets targets) {
        this.targets = targets;
    }

    @Override
    public ApiResponse handle(ApiRequest request) throws Exception {
        TargetNode target = targets.get(request.pathParam("target"));
        try (Connection c = target.connect("audit-verify")) {
            VerificationResult result = new AuditVerifier().verify(c);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("ok", result.ok());
            body.put("checked_rows", result.checkedRows());
            body.put("first_bad_id", result.firstBadId());
            body.put("reason", result.reason());
            body.put("head_hash", result.headHash());
            return ApiResponse.ok(body);
        }
    }
}
