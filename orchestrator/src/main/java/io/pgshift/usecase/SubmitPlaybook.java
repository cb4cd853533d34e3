package io.pgshift.usecase;

import io.pgshift.audit.AuditAction;
import io.pgshift.audit.AuditEntry;
import io.pgshift.engine.EngineContext;
import io.pgshift.engine.LostSteps;
import io.pgshift.engine.OperatorRequests;
import io.pgshift.operation.PlaybookNames;
import io.pgshift.ops.Backups;
import io.pgshift.ops.PlainJson;
import io.pgshift.plan.Plan;
import io.pgshift.planner.Privileges;
import io.pgshift.playbook.Playbook;
import io.pgshift.run.RunPolicy;
import io.pgshift.run.NewRun;
import io.pgshift.run.RunNotFoundException;
import io.pgshift.run.RunRecord;
import io.pgshift.run.RunState;
import io.pgshift.run.StepRecord;
import io.pgshift.run.Submission;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Submits a playbook to its run, as {@code pgshift apply} and {@code POST .../runs} both do:
 * planned against the live catalog (refusing what does not fit), the backup taken, then mapped
 * to its run (same name and checksum: the same run; changed content under a used name: refused,
 * {@link io.pgshift.run.ChangedPlaybookException}). A new run is audited SUBMITTED; an unfinished one
 * is resumed; either waits for an approval when asked, else its driver is started on the host.
 */
public final class SubmitPlaybook {
    private final RunHost host;
    private final PlanPlaybook planner;
    private final Clock clock;

    public SubmitPlaybook(RunHost host, Clock clock) {
        this.host = host;
        this.planner = new PlanPlaybook();
        this.clock = clock;
    }

    /**
     * @throws io.pgshift.catalog.PlanRejectedException the playbook does not fit the catalog or the windows, or
     *                                                   its role lacks a privilege it needs
     * @throws io.pgshift.ops.BackupFailedException     the backup failed: nothing was created
     * @throws io.pgshift.run.ChangedPlaybookException  the name's run holds another checksum
     */
    public SubmitResult submit(SubmitRequest request) throws Exception {
        Playbook playbook = request.playbook();
        Plan plan;
        try (Connection catalog = host.connectTarget("submit")) {
            plan = request.windows() == SubmitRequest.WindowCheck.REFUSE_NEVER_OPEN
                    ? planner.planWithin(catalog, playbook, request.policy(), clock.instant())
                    : planner.plan(catalog, playbook);
            Privileges.require(catalog, playbook);
        }
        EngineContext ctx = host.context();
        try (Connection c = host.connect("submit")) {
            backup(c, request);
            Submission submission = ctx.runs().createOrResume(c, new NewRun(playbook, plan, request.actor(),
                    PlaybookNames.tables(playbook), request.runPolicy()));
            RunRecord found = submission.run();
            return switch (submission.outcome()) {
                case CREATED -> {
                    audit(c, request, found.id());
                    yield new SubmitResult(Submission.Outcome.CREATED, found, start(c, request, found), List.of());
                }
                case RESUMED -> new SubmitResult(Submission.Outcome.RESUMED, found, resume(c, request, found), List.of());
                case ALREADY_APPLIED, REOPENED -> applied(c, request, found);
            };
        }
    }

    /**
     * A run that succeeded: nothing to do, unless its target has lost steps of it since (a failover
     * to a standby behind it, the state living apart), which then run again from their phase.
     */
    private SubmitResult applied(Connection c, SubmitRequest request, RunRecord found) throws Exception {
        SubmitResult applied = new SubmitResult(Submission.Outcome.ALREADY_APPLIED, found, found, List.of());
        if (!host.context().stateApart()) {
            // with the state in the target nothing can be lost this way: no login to look
            return applied;
        }
        List<StepRecord> lost;
        try (Connection target = host.connectTarget("submit")) {
            lost = new LostSteps(host.context()).recover(c, target, found);
        }
        RunRecord now = host.context().runs().find(c, found.id()).orElseThrow(() -> new RunNotFoundException(found.id()));
        if (!lost.isEmpty()) {
            return new SubmitResult(Submission.Outcome.REOPENED, found, start(c, request, now), LostSteps.paths(lost));
        }
        if (now.state() != RunState.SUCCEEDED) {
            // reopened by a submission of the same playbook a moment before (deploys on several hosts at once)
            return new SubmitResult(Submission.Outcome.RESUMED, found, start(c, request, now), List.of());
        }
        return applied;
    }

    private void backup(Connection c, SubmitRequest request) throws SQLException {
        BackupRequest backup = request.backup();
        if (!backup.policy().required()) {
            return;
        }
        if (backup.when() == BackupRequest.When.NEW_RUN_ONLY && liveRunExists(c, request.playbook())) {
            return;
        }
        backup.report().taken(new Backups(clock).takeBefore(backup.target(), request.playbook(), backup.policy(),
                request.actor(), backup.auditIn()));
    }

    private boolean liveRunExists(Connection c, Playbook playbook) throws SQLException {
        return host.context().runs().findByName(c, playbook.name())
                .filter(r -> !RunState.discarded().contains(r.state())).isPresent();
    }

    /** SUBMITTED, then a local apply's break-glass, in the new run's audit trail. */
    private void audit(Connection c, SubmitRequest request, long runId) throws SQLException {
        Playbook playbook = request.playbook();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("playbook", playbook.name());
        details.put("checksum", playbook.checksum());
        RunPolicy policy = request.policy();
        if (request.audit() == SubmitRequest.SubmittedAudit.PLAYBOOK_TARGET_AND_POLICY) {
            details.put("target", host.name());
            if (!policy.isNone()) {
                details.put("policy", PlainJson.read(policy.toJson()));
            }
        }
        details.put("yaml", playbook.source());
        host.context().audit().append(c, new AuditEntry(request.actor(), AuditAction.SUBMITTED, runId, details));
        if (request.breakGlass().isPresent()) {
            BreakGlass glass = request.breakGlass().get();
            host.context().audit().append(c, new AuditEntry(request.actor(), AuditAction.BREAK_GLASS, runId,
                    Map.of("reason", glass.reason(), "policy", glass.policy(), "bypassed", glass.bypassed())));
        }
    }

    /** An unfinished run back to its phase (a held one left as it is, when asked), then started. */
    private RunRecord resume(Connection c, SubmitRequest request, RunRecord found) throws Exception {
        if (found.state() == RunState.AWAITING_CONTRACT && request.held() == SubmitRequest.HeldRun.LEAVE) {
            return found;
        }
        EngineContext ctx = host.context();
        RunRecord resumed = new OperatorRequests(ctx.runs(), ctx.audit()).resume(c, found.id(), request.actor());
        return start(c, request, resumed);
    }

    /**
     * A run that needs approval waits for it (audited); any other run not yet over gets its
     * driver started (a driver finding nothing to do returns at once).
     */
    private RunRecord start(Connection c, SubmitRequest request, RunRecord run) throws Exception {
        EngineContext ctx = host.context();
        if (run.state() == RunState.PENDING && request.approval() == SubmitRequest.Approval.REQUIRED) {
            RunRecord waiting = ctx.runs().transition(c, run.id(), RunState.PENDING, RunState.AWAITING_APPROVAL, null);
            ctx.audit().append(c, new AuditEntry(request.actor(), AuditAction.APPROVAL_REQUESTED, run.id(),
                    Map.of("target", host.name(), "policy", "approval_required")));
            return waiting;
        }
        if (run.state() == RunState.AWAITING_APPROVAL && run.approvedBy() == null) {
            return run;
        }
        host.startDriver(run.id());
        return run;
    }
}
