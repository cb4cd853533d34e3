package io.pgshift.api;

import io.pgshift.daemon.DaemonConfig.Policy;
import io.pgshift.audit.AuditAction;
import io.pgshift.audit.AuditEntry;
import io.pgshift.operation.PlaybookNames;
import io.pgshift.daemon.TargetNode;
import io.pgshift.engine.EngineContext;
import io.pgshift.engine.Plans;
import io.pgshift.engine.RunResumer;
import io.pgshift.engine.WindowFit;
import io.pgshift.lint.Finding;
import io.pgshift.lint.LintReport;
import io.pgshift.lint.Linter;
import io.pgshift.plan.Plan;
import io.pgshift.playbook.Playbook;
import io.pgshift.run.RunPolicy;
import io.pgshift.run.RunRecord;
import io.pgshift.run.RunState;
import io.pgshift.run.Submission;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code POST /api/v1/targets/{target}/runs}: the body is a playbook. Parsed (422 with each
 * problem's line and column), linted (422 with the findings when any is an error), planned
 * against the target (422 with the plan problems), then mapped to its run as {@code pgshift
 * apply} does: a new run (201), the same unfinished playbook resumed or an applied one reported
 * (200), a changed one refused (409). A new run waits for approval when the target's policy says
 * so; otherwise its driver is scheduled on the cluster.
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

    /**
     * A target whose policy requires a backup gets one before a new run is created; a failure
     * (BackupFailedException, 503) refuses the submission with nothing created. A resubmission of
     * a run that exists already takes none: its backup was taken when it was first submitted.
     */
    private void backupIfRequired(Connection c, TargetNode target, Policy targetPolicy, Playbook playbook, String actor)
            throws Exception {
        if (!targetPolicy.backupRequired()) {
            return;
        }
        boolean exists = target.context().runs().findByName(c, playbook.name())
                .filter(r -> !RunState.discarded().contains(r.state())).isPresent();
        if (!exists) {
            new io.pgshift.ops.Backups(clock).takeBefore(target.ref(), playbook, new io.pgshift.ops.BackupPolicy(true,
                    backupDir.resolve(target.name()), targetPolicy.verifyRestore()), actor);
        }
    }

    @Override
    public ApiResponse handle(ApiRequest request) throws Exception {
        TargetNode target = targets.get(request.pathParam("target"));
        String yaml = request.text(YAML_TYPES);
        // read once: one submission decides by one policy, whatever a daemon records meanwhile
        Policy targetPolicy = target.policy();
        RunPolicy policy = targetPolicy.runs();
        LintedPlaybook linted = LintedPlaybook.of(yaml, linter, policy.defaults());
        Playbook playbook = linted.playbook();
        LintReport lint = linted.lint();
        EngineContext ctx = target.context();
        String actor = request.actor();
        try (Connection c = target.connect("submit")) {
            Plan plan = Plans.plan(c, playbook);
            WindowFit.check(playbook, policy, clock.instant());
            backupIfRequired(c, target, targetPolicy, playbook, actor);
            Submission submission = ctx.runs().createOrResume(c, playbook, plan, actor, PlaybookNames.tables(playbook),
                    policy);
            RunRecord run = submission.run();
            switch (submission.outcome()) {
                case CREATED -> {
                    Map<String, Object> details = new LinkedHashMap<>();
                    details.put("playbook", playbook.name());
                    details.put("checksum", playbook.checksum());
                    details.put("target", target.name());
                    details.put("yaml", playbook.source());
                    if (!policy.isNone()) {
                        details.put("policy", ApiJson.tree(policy.toJson()));
                    }
                    ctx.audit().append(c, new AuditEntry(actor, AuditAction.SUBMITTED, run.id(), details));
                    run = start(c, target, targetPolicy, run, actor);
                }
                case RESUMED -> {
                    run = new RunResumer(ctx.runs(), ctx.audit()).resume(c, run.id(), actor);
                    run = start(c, target, targetPolicy, run, actor);
                }
                case ALREADY_APPLIED -> {
                    // nothing to do: reported as it is
                }
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("outcome", submission.outcome().name());
            body.put("run", RunViews.run(c, ctx.steps(), target.name(), run));
            body.put("findings", findings(lint.findings()));
            ApiResponse response = ApiResponse.json(submission.outcome() == Submission.Outcome.CREATED ? 201 : 200, body);
            return response.withHeader("Location", "/api/v1/targets/" + target.name() + "/runs/" + run.id());
        }
    }

    /**
     * A run that needs approval waits for it (audited); any other run not yet over gets its
     * driver scheduled (a driver finding nothing to do returns at once).
     */
    private static RunRecord start(Connection c, TargetNode target, Policy targetPolicy, RunRecord run, String actor)
            throws Exception {
        EngineContext ctx = target.context();
        if (run.state() == RunState.PENDING && targetPolicy.approvalRequired()) {
            RunRecord waiting = ctx.runs().transition(c, run.id(), RunState.PENDING, RunState.AWAITING_APPROVAL, null);
            ctx.audit().append(c, new AuditEntry(actor, AuditAction.APPROVAL_REQUESTED, run.id(),
                    Map.of("target", target.name(), "policy", "approval_required")));
            return waiting;
        }
        if (run.state() == RunState.AWAITING_APPROVAL && run.approvedBy() == null) {
            return run;
        }
        target.scheduleDriver(run.id());
        return run;
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
