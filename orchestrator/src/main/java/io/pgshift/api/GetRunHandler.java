package io.pgshift.api;

import io.pgshift.daemon.TargetNode;
import io.pgshift.run.RunDocuments;
import io.pgshift.run.RunNotFoundException;
import io.pgshift.engine.RunRollback;
import io.pgshift.run.RunRecord;
import io.pgshift.run.RunState;
import io.pgshift.sync.RelianceDetails;
import io.pgshift.sync.RelianceReader;
import io.pgshift.sync.SyncTriggerStore;
import java.sql.Connection;
import java.util.Map;

/**
 * {@code GET /api/v1/targets/{target}/runs/{id}}: the run, its steps, its backfills' partitions, the gate report;
 * once rolled back, what its rollback undid and could not undo.
 */
final class GetRunHandler implements Handler {
    private final Targets targets;

    GetRunHandler(Targets targets) {
        this.targets = targets;
    }

    @Override
    public ApiResponse handle(ApiRequest request) throws Exception {
        TargetNode target = targets.get(request.pathParam("target"));
        long runId = request.idParam("id");
        var ctx = target.context();
        try (Connection c = target.connectReadOnly("read")) {
            RunRecord run = ctx.runs().find(c, runId).orElseThrow(() -> new RunNotFoundException(runId));
            Map<String, Object> body = RunViews.run(c, ctx.steps(), target.name(), run);
            body.put("steps", ctx.steps().list(c, runId).stream().map(RunViews::step).toList());
            body.put("backfills", RunViews.backfills(c, runId));
            body.put("gate_report", RunDocuments.of(run.gateReport()));
            body.put("row_counts", RunDocuments.of(run.rowCounts()));
            // read only: the counters are read now, nothing is recorded (viewers change nothing)
            body.put("sync_triggers", new RelianceReader(new SyncTriggerStore()).ofRun(c, c, runId).stream()
                    .map(RelianceDetails::of).toList());
            if (run.state() == RunState.ROLLED_BACK) {
                RunRollback.Result report = new RunRollback(ctx).report(c, run);
                body.put("undone", report.undone());
                body.put("not_undone", report.notUndone());
            }
            return ApiResponse.ok(body);
        }
    }
}
