package io.pgshift.cli;

import io.pgshift.api.RunViews;
import io.pgshift.apply.ProgressReader;
import io.pgshift.run.RunDocuments;
import io.pgshift.run.RunRecord;
import io.pgshift.run.StepStore;
import io.pgshift.sync.RelianceDetails;
import io.pgshift.sync.RelianceReader;
import io.pgshift.sync.SyncTriggerStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/**
 * A run as {@code --output json} prints it: the API's run view (docs/API.md, "Runs"), so a script
 * reads {@code pgshift status 7 --output json} and {@code GET .../runs/7} with one filter. In
 * process, the target is named after its database, as {@link io.pgshift.ops.TargetRef} names it.
 */
final class RunDocument {
    private RunDocument() {
    }

    /**
     * The run alone, as the run commands answer (pause, resume, cancel, approve, rollback,
     * complete, cleanup) and history lists it: {@code progress} is null, {@code pgshift status}
     * reads it.
     */
    static Map<String, Object> plain(String targetName, RunRecord run) {
        return RunViews.run(targetName, run, null);
    }

    /** The in-process target's name, its database's; null when only a separate state database is known. */
    static String targetName(DatabaseOptions database, StateOptions state) {
        return state.separate() && !database.given() ? null : database.name();
    }

    /**
     * The run with its progress, as the API lists it. {@code target}: the connection holding the
     * backfill checkpoints, or null when only the state database is known (progress then reads
     * the state alone).
     */
    static Map<String, Object> summary(Connection state, Connection target, String targetName, RunRecord run)
            throws SQLException {
        ProgressReader progress = new ProgressReader(new StepStore());
        return RunViews.run(targetName, run, target == null ? progress.read(state, run) : progress.read(state, target, run));
    }

    /** The run with its steps, backfills, gate report, row counts and sync triggers, as {@code GET .../runs/{id}}. */
    static Map<String, Object> detailed(Connection state, Connection target, String targetName, RunRecord run)
            throws SQLException {
        Map<String, Object> body = summary(state, target, targetName, run);
        Connection checkpoints = target == null ? state : target;
        body.put("steps", new StepStore().list(state, run.id()).stream().map(RunViews::step).toList());
        body.put("backfills", target == null ? java.util.List.of() : RunViews.backfills(checkpoints, run.id()));
        body.put("gate_report", RunDocuments.of(run.gateReport()));
        body.put("row_counts", RunDocuments.of(run.rowCounts()));
        body.put("sync_triggers", new RelianceReader(new SyncTriggerStore()).ofRun(state, checkpoints, run.id()).stream()
                .map(RelianceDetails::of).toList());
        return body;
    }
}
