package io.pgshift.ops;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The server settings that change how a run behaves (how long it waits for locks, how fast it
 * builds indexes and writes WAL, whether it can use a replication slot), as the connecting role
 * sees them in its database: {@code ALTER ROLE … SET} and {@code ALTER DATABASE … SET} count,
 * as they do for pgshift's own sessions.
 */
public final class RunSettings {
    /** Compared as their major version only: a minor upgrade on one side is not a difference worth a line. */
    public static final String MAJOR_VERSION = "server_version_num (major)";

    static final List<String> NAMES = List.of("lock_timeout", "statement_timeout", "idle_in_transaction_session_timeout",
            "deadlock_timeout", "max_locks_per_transaction", "max_wal_size", "synchronous_commit", "maintenance_work_mem",
            "max_parallel_maintenance_workers", "wal_level", "max_replication_slots", "autovacuum");

    private RunSettings() {
    }

    /** Every setting of {@link #NAMES} then {@link #MAJOR_VERSION}, in that order; a setting the server lacks is null. */
    public static Map<String, String> read(Connection c) throws SQLException {
        Map<String, String> values = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT s, current_setting(s, true) FROM unnest(?::text[])"
                + " WITH ORDINALITY AS t (s, i) ORDER BY i")) {
            ps.setArray(1, c.createArrayOf("text", NAMES.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    values.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT current_setting('server_version_num')::int / 10000");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            values.put(MAJOR_VERSION, Integer.toString(rs.getInt(1)));
        }
        return values;
    }
}
