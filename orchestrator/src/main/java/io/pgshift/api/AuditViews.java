package io.pgshift.api;

import io.pgshift.audit.AuditAction;
import io.pgshift.audit.AuditFilter;
import io.pgshift.audit.AuditRecord;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The audit endpoints' shared parts: the filter from query parameters and the JSON of one entry. */
final class AuditViews {
    private AuditViews() {
    }

    /** {@code run}, {@code since} (ISO-8601), {@code actor}, {@code action}: each optional. */
    static AuditFilter filter(ApiRequest request) {
        String action = request.query("action");
        AuditAction parsed = null;
        if (action != null) {
            try {
                parsed = AuditAction.valueOf(action.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("unknown audit action '" + action + "'; actions are "
                        + java.util.Arrays.toString(AuditAction.values()));
            }
        }
        return new AuditFilter(request.queryLong("run"), request.queryInstant("since"), request.query("actor"), parsed);
    }

    static Map<String, Object> entry(AuditRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("at", ApiJson.time(r.at()));
        m.put("actor", r.actor());
        m.put("action", r.action().name());
        m.put("run_id", r.runId());
        m.put("details", r.details());
        m.put("prev_hash", r.prevHash());
        m.put("hash", r.hash());
        return m;
    }
}
