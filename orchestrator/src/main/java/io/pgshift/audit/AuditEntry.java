package io.pgshift.audit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What to append to the audit log.
 *
 * @param actor   who did it: a user or token name, or the node for automatic actions
 * @param runId   the run it concerns, or null
 * @param details plain JSON values (strings, numbers, booleans, lists, maps, null)
 */
public record AuditEntry(String actor, AuditAction action, Long runId, Map<String, Object> details) {
    public AuditEntry {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        details = details == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    public static AuditEntry of(String actor, AuditAction action, Long runId) {
        return new AuditEntry(actor, action, runId, Map.of());
    }
}
