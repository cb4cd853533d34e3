package io.pgshift.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;

/** Reads {@code pgshift.audit_log} rows; the details come back as jsonb text, exactly what was hashed. */
final class AuditRows {
    static final String COLUMNS = "id, at, actor, action, run_id, details::text AS details, prev_hash, hash";

    private AuditRows() {
    }

    /** The row as stored, with its details still as the jsonb text (what the hash covers). */
    record Raw(long id, java.time.Instant at, String actor, String action, Long runId, String details,
               String prevHash, String hash) {
        String recomputedHash() {
            return AuditHash.of(hashed());
        }

        String keyedHash(AuditKey key) {
            return AuditHash.keyed(key, hashed());
        }

        private HashedRow hashed() {
            return new HashedRow(prevHash, id, at, actor, action, runId, details);
        }

        AuditRecord toRecord() {
            return new AuditRecord(id, at, actor, AuditAction.valueOf(action), runId, AuditHash.parse(details),
                    prevHash, hash);
        }
    }

    static Raw raw(ResultSet rs) throws SQLException {
        return new Raw(rs.getLong("id"), rs.getObject("at", OffsetDateTime.class).toInstant(), rs.getString("actor"),
                rs.getString("action"), rs.getObject("run_id", Long.class), rs.getString("details"),
                rs.getString("prev_hash"), rs.getString("hash"));
    }
}
