package io.pgshift.api;

import io.pgshift.audit.AnchorFile;
import io.pgshift.audit.AuditAnchor;
import io.pgshift.audit.AuditKey;
import io.pgshift.audit.AuditVerifier;
import io.pgshift.audit.VerificationResult;
import io.pgshift.daemon.DaemonConfig;
import io.pgshift.daemon.TargetNode;
import io.pgshift.error.PgshiftException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/targets/{target}/audit/verify}: walks the hash chain (keyed rows with the
 * daemon's {@code PGSHIFT_AUDIT_KEY_FILE}), and checks the anchors this daemon wrote for the
 * target (when it keeps them). A job ({@link ApiJobs}): walking a long log reads every row, so
 * the request answers 202 with the job's location, and the job's result says whether the chain
 * holds ({@code ok}).
 */
final class AuditVerifyHandler implements Handler {
    private final Targets targets;
    private final DaemonConfig.AuditAnchors anchors;
    private final ApiJobs jobs;

    AuditVerifyHandler(Targets targets, DaemonConfig.AuditAnchors anchors, ApiJobs jobs) {
        this.targets = targets;
        this.anchors = anchors;
        this.jobs = jobs;
    }

    @Override
    public ApiResponse handle(ApiRequest request) {
        TargetNode target = targets.get(request.pathParam("target"));
        return jobs.start(target.name(), "audit-verify", request.actor(), () -> verify(target));
    }

    private Map<String, Object> verify(TargetNode target) throws java.sql.SQLException {
        try (Connection c = target.connectReadOnly("audit-verify")) {
            return verify(c, target).values();
        }
    }

    /**
     * With anchors configured, their file must be there once the log has a row (the writer adds
     * the head as soon as there is one): a deleted or unreadable file fails, or removing it would
     * hide rows deleted at the end of the log.
     */
    private VerificationResult verify(Connection c, TargetNode target) throws java.sql.SQLException {
        AuditVerifier verifier = new AuditVerifier(AuditKey.fromEnvironment(System.getenv()));
        if (anchors == null) {
            return verifier.verify(c);
        }
        Path file = anchors.file(target.name());
        if (!Files.exists(file)) {
            VerificationResult chain = verifier.verify(c);
            return chain.ok() && chain.checkedRows() > 0 ? VerificationResult.unverifiable("anchor file " + file
                    + " is missing, though the log has " + chain.checkedRows() + " rows: rows deleted at its end"
                    + " could not be told") : chain;
        }
        List<AuditAnchor> known;
        try {
            known = new AnchorFile(file).read();
        } catch (PgshiftException e) {
            return VerificationResult.unverifiable(e.getMessage());
        }
        return verifier.verify(c, known);
    }
}
