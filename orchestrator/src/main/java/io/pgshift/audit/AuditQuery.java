package io.pgshift.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Reads the audit log for review, oldest first. */
public final class AuditQuery {

    public List<AuditRecord> list(Connection c, AuditFilter filter, int limit, int offset) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + AuditRows.COLUMNS + " FROM pgshift.audit_log"
                + " WHERE (?::bigint IS NULL OR run_id = ?) AND (?::timestamptz IS NULL OR at >= ?)"
                + " AND (?::text IS NULL OR actor = ?) AND (?::text IS NULL OR action = ?)"
                + " ORDER BY id LIMIT ? OFFSET ?")) {
            for (int i = 1; i <= 2; i++) {
                if (filter.runId() == null) {
                    ps.setNull(i, Types.BIGINT);
                } else {
                    ps.setLong(i, filter.runId());
                }
                ps.setObject(2 + i, filter.since() == null ? null : filter.since().atOffset(ZoneOffset.UTC),
                        Types.TIMESTAMP_WITH_TIMEZONE);
                ps.setString(4 + i, filter.actor());
                ps.setString(6 + i, filter.action() == null ? null : filter.action().name());
            }
            ps.setInt(9, limit);
            ps.setInt(10, offset);
            List<AuditRecord> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(AuditRows.raw(rs).toRecord());
                }
            }
            return rows;
        }
    }
}
