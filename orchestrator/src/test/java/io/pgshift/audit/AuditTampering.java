package io.pgshift.audit;

import io.pgshift.testing.TestDatabase;
import java.util.List;

/** What someone who can rewrite pgshift.audit_log does: a superuser switching its trigger off, for one change. */
final class AuditTampering {
    private AuditTampering() {
    }

    static void tamper(TestDatabase db, String sql) {
        db.execute("BEGIN; ALTER TABLE pgshift.audit_log DISABLE TRIGGER ALL; " + sql
                + "; ALTER TABLE pgshift.audit_log ENABLE TRIGGER ALL; COMMIT");
    }

    /**
     * Recomputes the plain SHA-256 hash and link of every row of {@code rows} from index {@code from}
     * on, as stored now, as anyone without the audit key can; deleted rows are skipped.
     */
    static void recomputePlain(TestDatabase db, List<AuditRecord> rows, int from) {
        String prev = from == 0 ? null : (String) db.queryValue("SELECT hash FROM pgshift.audit_log WHERE id = "
                + rows.get(from - 1).id());
        for (AuditRecord row : rows.subList(from, rows.size())) {
            Object at = db.queryValue("SELECT at FROM pgshift.audit_log WHERE id = " + row.id());
            if (at == null) {
                continue;
            }
            String hash = AuditHash.of(new HashedRow(prev, row.id(), ((java.sql.Timestamp) at).toInstant(),
                    (String) db.queryValue("SELECT actor FROM pgshift.audit_log WHERE id = " + row.id()),
                    row.action().name(), row.runId(),
                    (String) db.queryValue("SELECT details::text FROM pgshift.audit_log WHERE id = " + row.id())));
            tamper(db, "UPDATE pgshift.audit_log SET prev_hash = " + (prev == null ? "NULL" : "'" + prev + "'")
                    + ", hash = '" + hash + "' WHERE id = " + row.id());
            prev = hash;
        }
    }
}
