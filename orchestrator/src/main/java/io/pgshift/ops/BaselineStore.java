package io.pgshift.ops;

import io.pgshift.audit.AuditAction;
import io.pgshift.audit.AuditEntry;
import io.pgshift.audit.AuditLog;
import io.pgshift.catalog.TableInfo;
import io.pgshift.db.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Records baselines in {@code pgshift.baseline} (with their BASELINE_RECORDED audit row, in one
 * transaction) and reads the newest one of a schema. Needs pgshift's schema migrated.
 */
public final class BaselineStore {
    private static final String COLUMNS = "id, schema_name, database_name, server_version, checksum, recorded_by,"
            + " recorded_at, snapshot::text";

    private final AuditLog audit;

    public BaselineStore(AuditLog audit) {
        this.audit = audit;
    }

    /** Reads the schema's tables (read-only snapshot) and records them; changes nothing else. */
    public Baseline record(Connection c, String schema, String actor) throws SQLException {
        Map<String, TableInfo> tables = LiveSchema.read(c, schema, java.util.List.of());
        String checksum = SnapshotJson.checksum(tables);
        return Transactions.inTransaction(c, tx -> {
            long id;
            try (PreparedStatement ps = tx.prepareStatement("INSERT INTO pgshift.baseline (schema_name, database_name,"
                    + " server_version, snapshot, checksum, table_count, recorded_by)"
                    + " VALUES (?, current_database(), current_setting('server_version'), ?::jsonb, ?, ?, ?) RETURNING id")) {
                ps.setString(1, schema);
                ps.setString(2, PlainJson.canonical(SnapshotJson.of(tables)));
                ps.setString(3, checksum);
                ps.setInt(4, tables.size());
                ps.setString(5, actor);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    id = rs.getLong(1);
                }
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("baseline", id);
            details.put("schema", schema);
            details.put("sha256", checksum);
            details.put("tables", tables.size());
            audit.append(tx, new AuditEntry(actor, AuditAction.BASELINE_RECORDED, null, details));
            return find(tx, id).orElseThrow();
        });
    }

    public Optional<Baseline> latest(Connection c, String schema) throws SQLException {
        if (!exists(c)) {
            return Optional.empty();
        }
        return one(c, "SELECT " + COLUMNS + " FROM pgshift.baseline WHERE schema_name = ? ORDER BY id DESC LIMIT 1", schema);
    }

    private Optional<Baseline> find(Connection c, long id) throws SQLException {
        return one(c, "SELECT " + COLUMNS + " FROM pgshift.baseline WHERE id = ?::bigint", Long.toString(id));
    }

    private static Optional<Baseline> one(Connection c, String sql, String parameter) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, parameter);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Baseline(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getTimestamp(7).toInstant(), SnapshotJson.parse(rs.getString(8))));
            }
        }
    }

    /** Reading must not create pgshift's schema in a database that never had one. */
    private static boolean exists(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT to_regclass('pgshift.baseline') IS NOT NULL")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }
}
