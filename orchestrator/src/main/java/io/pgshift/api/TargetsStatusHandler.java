package io.pgshift.api;

import io.pgshift.daemon.TargetNode;
import io.pgshift.ops.TargetRuns;
import io.pgshift.ops.TargetsStatus;

/**
 * {@code GET /api/v1/status}: every target's playbooks (applied, running, failed, absent, with
 * checksums) side by side, and the drift between them, as {@code pgshift targets status}.
 * Targets are compared in the config's order (promotion order); a token limited to some targets
 * sees and compares those only. Drift is an answer, not an error: 200 with {@code "drifted": true}.
 */
final class TargetsStatusHandler implements Handler {
    private final Targets targets;

    TargetsStatusHandler(Targets targets) {
        this.targets = targets;
    }

    @Override
    public ApiResponse handle(ApiRequest request) {
        TargetsStatus status = TargetsStatus.of(targets.visibleTo(request).stream().map(TargetNode::ref).map(TargetRuns::read).toList());
        return ApiResponse.ok(status.values());
    }
}
