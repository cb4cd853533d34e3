package io.pgshift.audit;

import java.time.Instant;

/** Which audit rows {@link AuditQuery#list} returns; a null field does not filter. */
public record AuditFilter(Long runId, Instant since, String actor, AuditAction action) {
    public static final AuditFilter ALL = new AuditFilter(null, null, null, null);

    public static AuditFilter forRun(long runId) {
        return new AuditFilter(runId, null, null, null);
    }
}
