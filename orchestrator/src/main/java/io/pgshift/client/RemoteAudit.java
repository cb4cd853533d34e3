package io.pgshift.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgshift.audit.AuditFilter;
import io.pgshift.audit.AuditRecord;
import io.pgshift.audit.VerificationResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code pgshift audit --server}: the entries {@code audit} prints, read from the daemon page by page. */
public final class RemoteAudit {
    /** The API's largest page (docs/API.md). */
    static final int PAGE = 1000;

    private RemoteAudit() {
    }

    public static List<AuditRecord> list(ServerOptions server, AuditFilter filter, int limit) {
        DaemonClient daemon = server.client();
        String target = server.target();
        List<AuditRecord> entries = new ArrayList<>();
        while (entries.size() < limit) {
            int page = Math.min(PAGE, limit - entries.size());
            JsonNode body = daemon.audit(target, query(filter, page, entries.size()));
            for (JsonNode e : body.path("entries")) {
                entries.add(RunJson.auditEntry(e));
            }
            if (body.path("entries").size() < page) {
                break;
            }
        }
        return entries;
    }

    private static Map<String, String> query(AuditFilter filter, int limit, int offset) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("run", filter.runId() == null ? null : filter.runId().toString());
        q.put("since", filter.since() == null ? null : filter.since().toString());
        q.put("actor", filter.actor());
        q.put("action", filter.action() == null ? null : filter.action().name());
        q.put("limit", String.valueOf(limit));
        q.put("offset", String.valueOf(offset));
        return q;
    }

    /** The daemon's verification, as the in-process {@code audit verify} reports it. */
    public static VerificationResult verify(ServerOptions server) {
        JsonNode v = server.client().verifyAudit(server.target());
        return new VerificationResult(v.path("ok").asBoolean(), v.path("checked_rows").asLong(),
                v.path("first_bad_id").isNumber() ? v.path("first_bad_id").asLong() : null, RunJson.text(v, "reason"),
                RunJson.text(v, "head_hash"), v.path("anchors_checked").asInt(), v.path("unkeyed_rows").asLong(),
                v.path("first_keyed_id").isNumber() ? v.path("first_keyed_id").asLong() : null);
    }
}
