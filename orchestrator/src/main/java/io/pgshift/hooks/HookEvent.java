package io.pgshift.hooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.pgshift.audit.AuditRecord;
import io.pgshift.json.Mappers;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An audit row as a hook sees it: one JSON document (POSTed to webhooks, on a command's stdin)
 * and environment variables for commands.
 */
record HookEvent(AuditRecord record, String target) {
    /** Above this, PGSHIFT_DETAILS_JSON is replaced by a marker (an exec fails on oversized variables). */
    static final int MAX_ENV_DETAILS = 32 * 1024;
    static final String TRUNCATED_DETAILS = "{\"truncated\":true}";

    String json() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event", record.action().name());
        body.put("audit_id", record.id());
        body.put("at", record.at().toString());
        body.put("run_id", record.runId());
        body.put("actor", record.actor());
        body.put("target", target);
        body.put("details", record.details());
        return write(body);
    }

    Map<String, String> environment() {
        String details = write(record.details());
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PGSHIFT_EVENT", record.action().name());
        env.put("PGSHIFT_RUN_ID", record.runId() == null ? "" : record.runId().toString());
        env.put("PGSHIFT_ACTOR", record.actor());
        env.put("PGSHIFT_TARGET", target);
        env.put("PGSHIFT_AUDIT_ID", Long.toString(record.id()));
        env.put("PGSHIFT_DETAILS_JSON", details.length() > MAX_ENV_DETAILS ? TRUNCATED_DETAILS : details);
        return env;
    }

    private static String write(Object value) {
        try {
            return Mappers.JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
