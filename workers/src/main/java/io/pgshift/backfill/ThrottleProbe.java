package io.pgshift.backfill;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Reads the throttle's and the pacer's signals in one round trip: the largest replay lag of
 * the primary's replicas (pg_stat_replication; zero without replicas), the sessions waiting,
 * ungranted, for a lock on the backfilled table (a DDL queued behind the batches, or sessions
 * queued behind that DDL), and the client sessions of any database, pgshift's own excepted (by
 * their {@code pgshift-} application name), that ran a statement within the last second or are
 * running one now. A session whose state this role may not read shows a null state: counted
 * apart, as "hidden".
 */
public final class ThrottleProbe {
    private static final String SQL = "SELECT coalesce((SELECT (extract(epoch FROM max(replay_lag)) * 1000)::bigint"
            + " FROM pg_stat_replication), 0),"
            + " (SELECT count(*) FROM pg_locks WHERE relation = to_regclass(?) AND NOT granted),"
            + " count(*) FILTER (WHERE state = 'active' OR state_change > statement_timestamp() - interval '1 second'),"
            + " count(*) FILTER (WHERE state IS NULL)"
            + " FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()"
            + " AND coalesce(application_name, '') NOT LIKE 'pgshift-%'";

    private ThrottleProbe() {
    }

    public static ThrottleSignals read(Connection connection, String tableName) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(SQL)) {
            ps.setString(1, tableName);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new ThrottleSignals(Duration.ofMillis(rs.getLong(1)), rs.getInt(2), rs.getInt(3), rs.getInt(4));
            }
        }
    }
}
