package io.pgshift.api;

import io.pgshift.api.RunControlHandler.Action;
import io.pgshift.daemon.Role;
import io.pgshift.lint.rules.StandardRules;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/** Every endpoint of the API, in one table (docs/API.md describes each). */
public final class ApiRoutes {
    private static final String TARGET = "/api/v1/targets/{target}";
    private static final String RUN = TARGET + "/runs/{id}";

    private ApiRoutes() {
    }

    /**
     * @param readiness the targets' last readiness checks, which {@code /readyz} answers from
     * @param backupDir where {@code POST .../backups} writes (the config's {@code backup_dir})
     * @param anchors   where the daemon writes its audit anchors, checked by audit verify; null if nowhere
     */
    public static List<Route> standard(Targets targets, ReadinessProbe readiness, Path backupDir,
                                       io.pgshift.daemon.DaemonConfig.AuditAnchors anchors, Clock clock) {
        ApiJobs jobs = new ApiJobs(clock);
        return List.of(
                Route.health("/healthz", new HealthHandler()),
                Route.health("/readyz", new ReadinessHandler(readiness)),
                Route.of("GET", "/api/v1/targets", Role.VIEWER, new ListTargetsHandler(targets)),
                Route.of("GET", "/api/v1/runs", Role.VIEWER, new ListRunsHandler(targets)),
                Route.of("POST", "/api/v1/targets/{target}/runs", Role.OPERATOR,
                        new SubmitRunHandler(targets, StandardRules.linter(clock), backupDir, clock)),
                Route.of("GET", RUN, Role.VIEWER, new GetRunHandler(targets)),
                Route.of("POST", TARGET + "/plan", Role.VIEWER, new PlanHandler(targets, StandardRules.linter(clock), clock)),
                Route.of("POST", RUN + "/pause", Role.OPERATOR, new RunControlHandler(targets, Action.PAUSE)),
                Route.of("POST", RUN + "/resume", Role.OPERATOR, new RunControlHandler(targets, Action.RESUME)),
                Route.of("POST", RUN + "/cancel", Role.OPERATOR, new RunControlHandler(targets, Action.CANCEL)),
                Route.of("POST", RUN + "/approve", Role.APPROVER, new ApproveRunHandler(targets)),
                Route.of("POST", RUN + "/rollback", Role.OPERATOR, new RollbackRunHandler(targets)),
                Route.of("POST", RUN + "/complete", Role.OPERATOR, new CompleteRunHandler(targets)),
                Route.of("POST", RUN + "/cleanup", Role.OPERATOR, new CleanupRunHandler(targets)),
                Route.of("PATCH", RUN + "/backfill", Role.OPERATOR, new BackfillKnobsHandler(targets)),
                Route.of("GET", "/api/v1/targets/{target}/audit", Role.VIEWER, new AuditListHandler(targets)),
                Route.of("GET", "/api/v1/targets/{target}/audit/export", Role.VIEWER, new AuditExportHandler(targets, jobs)),
                Route.of("GET", "/api/v1/targets/{target}/audit/verify", Role.VIEWER, new AuditVerifyHandler(targets, anchors, jobs)),
                Route.of("GET", "/api/v1/status", Role.VIEWER, new TargetsStatusHandler(targets)),
                Route.of("GET", "/api/v1/schema/diff", Role.VIEWER, new SchemaDiffHandler(targets)),
                Route.of("POST", TARGET + "/backups", Role.OPERATOR, new BackupHandler(targets, backupDir, clock, jobs)),
                Route.of("GET", TARGET + "/jobs/{id}", Role.VIEWER, new GetJobHandler(targets, jobs)),
                Route.of("GET", TARGET + "/jobs/{id}/download", Role.VIEWER, new GetJobDownloadHandler(targets, jobs)),
                Route.of("POST", TARGET + "/baseline", Role.OPERATOR, new RecordBaselineHandler(targets, clock)),
                Route.of("GET", TARGET + "/baseline", Role.VIEWER, new GetBaselineHandler(targets, clock)),
                // every VIEWER route changes nothing, whoever calls it (ViewerReadOnlyIT)
                Route.of("POST", TARGET + "/preflight", Role.VIEWER,
                        new PreflightHandler(targets, StandardRules.linter(clock), clock)));
    }
}
