package io.pgshift.api;

import io.pgshift.lint.Linter;
import io.pgshift.ops.preflight.Preflight;
import io.pgshift.ops.preflight.PreflightOptions;
import io.pgshift.ops.preflight.PreflightReport;
import java.time.Clock;
import java.time.Duration;

/**
 * {@code POST /api/v1/targets/{target}/preflight?expect_database=&expect_marker=&max_transaction_age=}
 * with the playbook YAML as body: the pre-change checklist, as {@code pgshift preflight}, over a
 * read-only session. Viewers may call it, and a viewer's request changes nothing: the report is
 * the answer, not recorded (no audit row, no state schema created). 200 whatever it says, with
 * each finding's PASS/INFO/WARN/FAIL and {@code "failed"}.
 */
final class PreflightHandler implements Handler {
    private final Targets targets;
    private final Linter linter;
    private final Preflight preflight;

    PreflightHandler(Targets targets, Linter linter, Clock clock) {
        this.targets = targets;
        this.linter = linter;
        this.preflight = new Preflight(Preflight.STANDARD, clock);
    }

    @Override
    public ApiResponse handle(ApiRequest request) throws Exception {
        var target = targets.get(request.pathParam("target"));
        LintedPlaybook linted = LintedPlaybook.of(request.text(SubmitRunHandler.YAML_TYPES), linter,
                target.policy().runs().defaults());
        long maxAge = request.queryInt("max_transaction_age",
                (int) PreflightOptions.DEFAULT_MAX_TRANSACTION_AGE.toSeconds(), 0, Integer.MAX_VALUE);
        PreflightOptions options = new PreflightOptions(request.query("expect_database"), request.query("expect_marker"),
                Duration.ofSeconds(maxAge));
        PreflightReport report = preflight.check(target.ref(), linted.playbook(), options);
        return ApiResponse.ok(report.values());
    }
}
