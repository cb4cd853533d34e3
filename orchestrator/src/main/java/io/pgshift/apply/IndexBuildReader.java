package io.pgshift.apply;

import io.pgshift.exec.UrlConnectionSource;
import io.pgshift.playbook.TableRef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;

/**
 * Reads a run's concurrent index build from {@code pg_stat_progress_create_index} on the target,
 * so any node (or the CLI, or the API on another daemon) sees the same as the one building.
 *
 * <p>The build is the one pgshift's executor runs (its sessions are named {@value
 * UrlConnectionSource#APPLICATION_NAME}) on the step's table: one run at a time holds a table, so
 * the two name it. On a partitioned table the step builds one partition's index after another,
 * so a build on any table of the step's table's partition tree is the step's. PostgreSQL shows the table, phase and counts only to the builder's role and
 * members of {@code pg_read_all_stats}; a reader that is neither still sees that an executor
 * session builds an index (the application name is public), and reports the build as hidden.
 */
public final class IndexBuildReader {
    private static final String SQL = """
            SELECT p.relid IS NULL AS hidden, i.relname AS index, p.phase,
                   coalesce(p.blocks_done, 0), coalesce(p.blocks_total, 0),
                   coalesce(p.tuples_done, 0), coalesce(p.tuples_total, 0),
                   coalesce(p.lockers_done, 0), coalesce(p.lockers_total, 0),
                   l.pid AS locker, l.application_name, l.state,
                   extract(epoch FROM now() - l.xact_start)::float8 AS locker_xact_age
            FROM pg_stat_progress_create_index p
            JOIN pg_stat_activity a ON a.pid = p.pid
            LEFT JOIN pg_class t ON t.oid = p.relid
            LEFT JOIN pg_namespace n ON n.oid = t.relnamespace
            LEFT JOIN pg_class i ON i.oid = nullif(p.index_relid, 0)
            LEFT JOIN pg_stat_activity l ON l.pid = nullif(p.current_locker_pid, 0)
            WHERE p.datid = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND a.application_name = ?
              AND (p.relid IS NULL OR (n.nspname = ? AND t.relname = ?)
                   OR p.relid IN (SELECT relid FROM pg_partition_tree(pg_partition_root(
                          (SELECT c.oid FROM pg_class c JOIN pg_namespace cn ON cn.oid = c.relnamespace
                            WHERE cn.nspname = ? AND c.relname = ?)))))
            ORDER BY p.relid IS NULL
            LIMIT 1""";

    /** The build on {@code table} (as steps show it: {@code users}, {@code audit.events}), if one runs. */
    public Optional<IndexBuild> read(Connection target, String table) throws SQLException {
        TableRef ref = TableRef.parse(table, "public");
        try (PreparedStatement ps = target.prepareStatement(SQL)) {
            ps.setString(1, UrlConnectionSource.APPLICATION_NAME);
            ps.setString(2, ref.schema());
            ps.setString(3, ref.name());
            ps.setString(4, ref.schema());
            ps.setString(5, ref.name());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                if (rs.getBoolean("hidden")) {
                    return Optional.of(IndexBuild.hiddenBuild());
                }
                return Optional.of(new IndexBuild(rs.getString("index"), rs.getString("phase"), rs.getLong(4),
                        rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), locker(rs), false));
            }
        }
    }

    private static IndexBuild.Locker locker(ResultSet rs) throws SQLException {
        int pid = rs.getInt("locker");
        if (rs.wasNull()) {
            return null;
        }
        double age = rs.getDouble("locker_xact_age");
        Duration transactionAge = rs.wasNull() ? null : Duration.ofMillis(Math.round(age * 1000));
        return new IndexBuild.Locker(pid, rs.getString("application_name"), rs.getString("state"), transactionAge);
    }
}
