package io.pgshift.api;

import io.pgshift.daemon.DaemonConfig.Policy;
import io.pgshift.daemon.TargetNode;
import io.pgshift.lint.Finding;
import io.pgshift.lint.Linter;
import io.pgshift.run.RunPolicy;
import io.pgshift.run.RunRecord;
import io.pgshift.ops.BackupPolicy;
import io.pgshift.ops.TargetRef;
import io.pgshift.run.Submission;
import io.pgshift.usecase.BackupRequest;
import io.pgshift.usecase.SubmitPlaybook;
import io.pgshift.usecase.SubmitRequest.Approval;
import io.pgshift.usecase.SubmitRequest;
import io.pgshift.usecase.SubmitResult;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code POST /api/v1/targets/{target}/runs}: the body is a playbook. Parsed (422 with each
 * problem's line and column), linted (422 with the findings when any is an error), planned
 * against the target (422 with the plan problems), then mapped to its run by the use case
 * {@code pgshift apply} calls too ({@link SubmitPlaybook}): a new run (201), the same unfinished
 * playbook resumed or an applied one reported (200), a changed one refused (409). A new run waits
 * for approval when the target's policy says so; otherwise its driver is scheduled on the cluster.
 */
final class SubmitRunHandler implements Handler {
    static final List<String> YAML_TYPES = List.of("application/yaml", "application/x-yaml", "text/yaml", "text/plain");

    private final Targets targets;
    private final Linter linter;
    private final java.nio.file.Path backupDir;
    private final java.time.Clock clock;

    SubmitRunHandler(Targets targets, Linter linter, java.nio.file.Path backupDir, java.time.Clock clock) {
        this.targets = targets;
        this.linter = linter;
        this.backupDir = backupDir;
        this.clock = clock;
    }

    @Override
    public ApiResponse handle(ApiRequest request) throws Exception {
        TargetNode target = targets.get(request.pathParam("target"));
        String yaml = request.text(YAML_TYPES);
        // read once: one submission decides by one policy, whatever a daemon records meanwhile
        Policy targetPolicy = target.policy();
        RunPolicy policy = targetPolicy.runs();
        LintedPlaybook linted = LintedPlaybook.of(yaml, linter, policy.defaults());
        SubmitResult result = new SubmitPlaybook(target, clock).submit(SubmitRequest.daemon(linted.playbook(),
                request.actor(), policy, backup(target, targetPolicy),
                targetPolicy.approvalRequired() ? Approval.REQUIRED : Approval.NOT_REQUIRED));
        RunRecord run = result.run();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("outcome", result.outcome().name());
        try (Connection c = target.connect("submit")) {
            body.put("run", RunViews.run(c, target.context().steps(), target.name(), run));
        }
        body.put("findings", findings(linted.lint().findings()));
        ApiResponse response = ApiResponse.json(result.outcome() == Submission.Outcome.CREATED ? 201 : 200, body);
        return response.withHeader("Location", "/api/v1/targets/" + target.name() + "/runs/" + run.id());
    }

    /**
     * A target whose policy requires a backup gets one before a new run is created; a failure
     * (BackupFailedException, 503) refuses the submission with nothing created. A resubmission of
     * a run that exists already takes none: its backup was taken when it was first submitted.
     */
    private BackupRequest backup(TargetNode target, Policy targetPolicy) {
        if (!targetPolicy.backupRequired()) {
            return BackupRequest.NONE;
        }
        TargetRef ref = target.ref();
        return new BackupRequest(new BackupPolicy(true, backupDir.resolve(target.name()), targetPolicy.verifyRestore()),
                ref, ref.url(), BackupRequest.When.NEW_RUN_ONLY, BackupRequest.Report.NOBODY);
    }

    static List<Map<String, Object>> findings(List<Finding> findings) {
        return findings.stream().map(f -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("rule", f.ruleId());
            m.put("severity", f.severity().name().toLowerCase(Locale.ROOT));
            m.put("path", f.path());
            m.put("line", f.location().line());
            m.put("column", f.location().column());
            m.put("message", f.message());
            m.put("hint", f.hint());
            return m;
        }).toList();
    }
}
