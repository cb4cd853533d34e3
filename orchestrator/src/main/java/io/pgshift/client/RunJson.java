package io.pgshift.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgshift.apply.IndexBuild;
import io.pgshift.apply.ProgressSnapshot;
import io.pgshift.audit.AuditAction;
import io.pgshift.audit.AuditRecord;
import io.pgshift.json.Mappers;
import io.pgshift.plan.LockMode;
import io.pgshift.plan.Phase;
import io.pgshift.plan.StepKind;
import io.pgshift.run.GateReport;
import io.pgshift.run.RowCounts;
import io.pgshift.run.RunPolicy;
import io.pgshift.run.RunRecord;
import io.pgshift.run.RunState;
import io.pgshift.run.StepLock;
import io.pgshift.run.StepRecord;
import io.pgshift.run.StepState;
import io.pgshift.run.Waiting;
import java.time.Duration;
import io.pgshift.sync.SyncTriggerState;
import io.pgshift.sync.SyncTriggerView;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The API's JSON (api/RunViews, api/AuditViews) read back into the records the in-process
 * commands print, so both modes share one renderer and print the same thing.
 */
public final class RunJson {
    private RunJson() {
    }

    public static RunRecord run(JsonNode r) {
        return new RunRecord(r.path("id").asLong(), text(r, "playbook"), text(r, "checksum"), text(r, "description"),
                text(r, "target"), RunState.valueOf(text(r, "state")),
                r.path("phase").isTextual() ? RunState.valueOf(text(r, "phase")) : null,
                text(r, "submitted_by"), text(r, "approved_by"), instant(r, "created_at"), instant(r, "started_at"),
                instant(r, "updated_at"), instant(r, "finished_at"), text(r, "error"), GateReport.fromTree(r.get("gate_report")),
                RowCounts.fromTree(r.get("row_counts")), null, null, RunPolicy.fromJson(document(r, "policy")),
                r.path("waiting").isObject()
                        ? new Waiting(text(r.path("waiting"), "reason"), instant(r.path("waiting"), "until")) : null);
    }

    public static List<StepRecord> steps(JsonNode r) {
        long runId = r.path("id").asLong();
        List<StepRecord> steps = new ArrayList<>();
        for (JsonNode s : r.path("steps")) {
            steps.add(new StepRecord(runId, s.path("ordinal").asInt(),
                    Phase.valueOf(text(s, "phase").toUpperCase(Locale.ROOT)), StepKind.valueOf(text(s, "kind")),
                    text(s, "path"), text(s, "summary"), text(s, "sql"), null, StepState.valueOf(text(s, "state")),
                    s.path("attempts").asInt(), number(s, "rows"), instant(s, "started_at"), instant(s, "finished_at"),
                    number(s, "duration_ms"), text(s, "error"), s.path("lock").isObject()
                            ? new StepLock(LockMode.valueOf(text(s.path("lock"), "mode").replace(' ', '_')),
                                    text(s.path("lock"), "table")) : null));
        }
        return steps;
    }

    /** The progress line's input; a run listed without progress shows its state alone. */
    /** The run's {@code sync_triggers} as the report shows them. */
    public static List<SyncTriggerView> syncTriggers(JsonNode r) {
        List<SyncTriggerView> out = new ArrayList<>();
        for (JsonNode t : r.path("sync_triggers")) {
            out.add(new SyncTriggerView(text(t, "trigger"), text(t, "table"), SyncTriggerState.valueOf(text(t, "state")),
                    text(t, "summary"), t.path("relied_on").asBoolean(),
                    Duration.ofSeconds(t.path("quiet_period_seconds").asLong()), instant(t, "dropped_at"),
                    text(t, "dropped_by")));
        }
        return out;
    }

    public static ProgressSnapshot progress(JsonNode r) {
        JsonNode p = r.path("progress");
        Long eta = number(p, "eta_seconds");
        return new ProgressSnapshot(text(r, "state"), text(r, "phase"), text(p, "step"), p.path("rows_done").asLong(),
                p.path("rows_estimated").asLong(), p.path("rows_per_second").asDouble(),
                eta == null ? null : Duration.ofSeconds(eta), text(p, "waiting_reason"), indexBuild(p.path("index_build")));
    }

    /** The progress's {@code index_build}, or null (none running, or a daemon from before it was shown). */
    static IndexBuild indexBuild(JsonNode b) {
        if (!b.isObject()) {
            return null;
        }
        JsonNode w = b.path("waiting_for");
        Long age = number(w, "transaction_seconds");
        IndexBuild.Locker locker = w.isObject() ? new IndexBuild.Locker(w.path("pid").asInt(), text(w, "application"),
                text(w, "state"), age == null ? null : Duration.ofSeconds(age)) : null;
        return new IndexBuild(text(b, "index"), text(b, "phase"), b.path("blocks_done").asLong(),
                b.path("blocks_total").asLong(), b.path("tuples_done").asLong(), b.path("tuples_total").asLong(),
                b.path("lockers_done").asLong(), b.path("lockers_total").asLong(), locker, b.path("hidden").asBoolean());
    }

    @SuppressWarnings("unchecked")
    public static AuditRecord auditEntry(JsonNode e) {
        Map<String, Object> details = e.path("details").isObject()
                ? Mappers.JSON.convertValue(e.path("details"), Map.class) : Map.of();
        return new AuditRecord(e.path("id").asLong(), instant(e, "at"), text(e, "actor"),
                AuditAction.valueOf(text(e, "action")), number(e, "run_id"), details, text(e, "prev_hash"),
                text(e, "hash"));
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isNull() || value.isMissingNode() ? null : value.asText();
    }

    private static Long number(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isNumber() ? value.asLong() : null;
    }

    private static Instant instant(JsonNode node, String field) {
        String text = text(node, field);
        return text == null ? null : Instant.parse(text);
    }

    /** A JSON document the run stores as text (gate report, row counts), back as text. */
    private static String document(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isNull() || value.isMissingNode() ? null : value.toString();
    }
}
