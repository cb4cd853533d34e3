package io.pgshift.api;

import io.pgshift.api.RunControlHandler.Action;
import io.pgshift.daemon.Role;
import io.pgshift.lint.rules.StandardRules;
import java.time.Clock;
import java.util.List;

/** Every endpoint of the API, in one table (docs/API.md describes each). */
public final class ApiRoutes {
    private static final String RUN = "/api/v1/targets/{target}/runs/{id}";

    private ApiRoutes() {
    }

    public static List<Route> standard(Targets targets, Clock clock) {
        return List.of(
                Route.of("GET", "/healthz", null, new HealthHandler()),
                Route.of("GET", "/readyz", null, new ReadinessHandler(targets)),
                Route.of("GET", "/api/v1/runs", Role.VIEWER, new ListRunsHandler(targets)),
                Route.of("POST", "/api/v1/targets/{target}/runs", Role.OPERATOR,
                        new SubmitRunHandler(targets, StandardRules.linter(clock))),
                Route.of("GET", RUN, Role.VIEWER, new GetRunHandler(targets)),
                Route.of("POST", RUN + "/pause", Role.OPERATOR, new RunControlHandler(targets, Action.PAUSE)),
                Route.of("POST", RUN + "/resume", Role.OPERATOR, new RunControlHandler(targets, Action.RESUME)),
                Route.of("POST", RUN + "/cancel", Role.OPERATOR, new RunControlHandler(targets, Action.CANCEL)),
                Route.of("POST", RUN + "/approve", Role.APPROVER, new ApproveRunHandler(targets)),
                Route.of("POST", RUN + "/rollback", Role.OPERATOR, new RollbackRunHandler(targets)),
                Route.of("PATCH", RUN + "/backfill", Role.OPERATOR, new BackfillKnobsHandler(targets)),
                Route.of("GET", "/api/v1/targets/{target}/audit", Role.VIEWER, new AuditListHandler(targets)),
                Route.of("GET", "/api/v1/targets/{target}/audit/export", Role.VIEWER, new AuditExportHandler(targets)),
                Route.of("GET", "/api/v1/targets/{target}/audit/verify", Role.VIEWER, new AuditVerifyHandler(targets)));
    }
}
