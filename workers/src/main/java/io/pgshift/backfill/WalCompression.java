package io.pgshift.backfill;

import io.pgshift.db.SqlStates;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Has a backfill session compress the full-page images in the WAL it writes ({@code wal_compression
 * = lz4}) when nobody chose the server's setting. A backfill rewrites every row of its table, and
 * the first change to each page after a checkpoint logs the whole page: compressed, the backfill
 * writes less WAL (15 % less on scripts/bench-backfill's table of hex text, more on tables of
 * repetitive data): less for the disk, the standbys and the archive to take (docs/BENCHMARKS.md).
 *
 * <p>Left as it is when the setting is anything but the server's built-in default: a value from
 * postgresql.conf, {@code ALTER SYSTEM}, {@code ALTER DATABASE|ROLE ... SET} or the connection's
 * options (so {@code ALTER SYSTEM SET wal_compression = off} opts out), when the server was built
 * without lz4 (before PostgreSQL 15 the only method is pglz, whose CPU cost is not worth it here),
 * and when the role may not set it (a superuser may, others after {@code GRANT SET ON PARAMETER
 * wal_compression}). Every standby replaying this WAL must then be built with lz4 too, as for a
 * server-wide {@code wal_compression = lz4}. A server that refuses it all the same (a managed
 * service's hook may) gets a warning, once per process, and a backfill without it.
 */
final class WalCompression {
    private static final Logger LOG = LoggerFactory.getLogger(WalCompression.class);
    private static final AtomicBoolean WARNED = new AtomicBoolean();
    private static final String SET_IF_UNCHOSEN = """
            SELECT set_config('wal_compression', 'lz4', false)
              FROM pg_settings
             WHERE name = 'wal_compression' AND setting = 'off' AND source = 'default'
               AND 'lz4' = ANY (enumvals) AND has_parameter_privilege('wal_compression', 'SET')
            """;

    private WalCompression() {
    }

    /** On a session in auto-commit, not in a transaction: the setting holds for the session's life. */
    static void compressIfUnchosen(Connection c) throws SQLException {
        if (c.getMetaData().getDatabaseMajorVersion() < 15) {
            return; // no lz4 (and no has_parameter_privilege) before 15
        }
        compressIfUnchosen(c, SET_IF_UNCHOSEN);
    }

    /** {@code sql}: the statement that sets it (tests give one the server refuses). */
    static void compressIfUnchosen(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            if (!SqlStates.isSettingRefused(e.getSQLState())) {
                throw e;
            }
            if (WARNED.compareAndSet(false, true)) {
                LOG.warn("the server refused wal_compression = lz4 ({}): backfills write their WAL uncompressed",
                        e.getMessage());
            }
        }
    }
}
