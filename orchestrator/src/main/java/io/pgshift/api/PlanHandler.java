package io.pgshift.api;

import io.pgshift.backfill.Window;
import io.pgshift.daemon.TargetNode;
import io.pgshift.engine.Plans;
import io.pgshift.engine.WindowFit;
import io.pgshift.lint.Linter;
import io.pgshift.plan.Plan;
import io.pgshift.plan.render.JsonPlanRenderer;
import io.pgshift.plan.render.SqlScriptRenderer;
import io.pgshift.plan.render.TextPlanRenderer;
import io.pgshift.run.RunPolicy;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /api/v1/targets/{target}/plan?format=text|json|sql} with a playbook as body: the dry
 * run as the daemon would do it, on the target's catalog with the target's default settings,
 * refused exactly as a submission would be (422). Changes nothing and is not audited; the
 * answer carries the rendered plan and when the target's allowed windows next let it run.
 */
final class PlanHandler implements Handler {
    private final Targets targets;
    private final Linter linter;
    private final Clock clock;

    PlanHandler(Targets targets, Linter linter, Clock clock) {
        this.targets = targets;
        this.linter = linter;
        this.clock = clock;
    }

    @Override
    public ApiResponse handle(ApiRequest request) throws Exception {
        TargetNode target = targets.get(request.pathParam("target"));
        String format = Optional.ofNullable(request.query("format")).orElse("text").toLowerCase(Locale.ROOT);
        if (!format.equals("text") && !format.equals("json") && !format.equals("sql")) {
            throw new ApiException(400, "BAD_REQUEST", "format must be text, json or sql, got '" + format + "'");
        }
        RunPolicy policy = target.policy().runs();
        LintedPlaybook linted = LintedPlaybook.of(request.text(SubmitRunHandler.YAML_TYPES), linter, policy.defaults());
        Plan plan;
        try (Connection c = target.connectReadOnly("plan")) {
            plan = Plans.plan(c, linted.playbook());
        }
        Instant now = clock.instant();
        WindowFit.check(linted.playbook(), policy, now);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("target", target.name());
        body.put("format", format);
        body.put("plan", switch (format) {
            case "json" -> new JsonPlanRenderer().render(plan);
            case "sql" -> new SqlScriptRenderer().render(plan);
            default -> new TextPlanRenderer().render(plan);
        });
        body.put("findings", SubmitRunHandler.findings(linted.lint().findings()));
        body.put("windows", windows(policy, now));
        return ApiResponse.ok(body);
    }

    /** Null when the target allows any time; else whether its windows are open now and when they next open. */
    private static Map<String, Object> windows(RunPolicy policy, Instant now) {
        Optional<Window> window = policy.window();
        if (window.isEmpty()) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("allowed", window.get().describe());
        m.put("open_now", window.get().isOpen(now));
        m.put("next_opening", window.get().nextOpening(now).map(ApiJson::time).orElse(null));
        return m;
    }
}
