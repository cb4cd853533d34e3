package io.pgshift.plan.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.pgshift.json.Mappers;
import io.pgshift.plan.Plan;
import io.pgshift.plan.PlannedStep;
import io.pgshift.plan.Statement;
import io.pgshift.playbook.Settings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The plan as JSON for tools; field names are snake_case and stable. */
public final class JsonPlanRenderer {
    public String render(Plan plan) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("playbook", plan.playbook());
        root.put("checksum", plan.checksum());
        root.put("database", plan.database());
        root.put("server_version", plan.serverVersion());
        root.put("settings", settings(plan.settings()));
        root.put("steps", plan.steps().stream().map(JsonPlanRenderer::step).toList());
        try {
            return Mappers.PRETTY.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("plan is not serialisable", e);
        }
    }

    private static Map<String, Object> settings(Settings s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lock_timeout_ms", s.lockTimeout().toMillis());
        m.put("statement_timeout_ms", s.statementTimeout().toMillis());
        m.put("scan_statement_timeout_ms", s.scanStatementTimeout().toMillis());
        m.put("lock_retries_max_attempts", s.lockRetries().maxAttempts());
        m.put("schema", s.schema());
        return m;
    }

    private static Map<String, Object> step(PlannedStep step) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ordinal", step.ordinal());
        m.put("phase", step.phase().yamlName());
        m.put("kind", step.kind().name().toLowerCase(Locale.ROOT));
        m.put("path", step.path());
        m.put("summary", step.summary());
        m.put("already_applied", step.present());
        if (step.backfill() != null) {
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("estimated_rows", step.backfill().rows());
            b.put("estimated_batches", step.backfill().batches());
            b.put("estimated_duration_ms", step.backfill().duration().toMillis());
            b.put("key", step.backfill().target().key().stream().map(k -> k.name()).toList());
            var join = step.backfill().target().join();
            if (join != null) {
                Map<String, Object> from = new LinkedHashMap<>();
                from.put("table_sql", join.sourceSql());
                from.put("name", join.sourceName());
                from.put("on", join.on());
                b.put("from", from);
            }
            m.put("backfill", b);
        }
        m.put("statements", statements(step.statements()));
        return m;
    }

    private static List<Map<String, Object>> statements(List<Statement> statements) {
        return statements.stream().map(st -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("sql", st.sql());
            m.put("table", st.table());
            m.put("lock", st.lock().sqlName());
            m.put("blocks", st.lock().blocks());
            m.put("impact", st.impact().name().toLowerCase(Locale.ROOT));
            m.put("in_transaction", st.tx() == io.pgshift.plan.TxMode.TRANSACTION);
            m.put("timeout", st.timeout().name().toLowerCase(Locale.ROOT));
            m.put("guard", st.guard());
            m.put("rerun", st.rerun().name().toLowerCase(Locale.ROOT));
            return m;
        }).toList();
    }
}
