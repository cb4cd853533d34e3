package io.pgshift.audit;

import java.time.Instant;
import java.util.Map;

/** One row of the audit log as stored; {@code prevHash} is null on the first row of the chain. */
public record AuditRecord(long id, Instant at, String actor, AuditAction action, Long runId,
                          Map<String, Object> details, String prevHash, String hash) {
}
