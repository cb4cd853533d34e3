package io.pgshift.backfill;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

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
 * server-wide {@code wal_compression = lz4}.
 */
final class WalCompression {
    private static final String SET_IF_UNCHOSEN = """
            SELECT set_config('wal_compression', 'lz4', false)
              FROM pg_settings
             WHERE name = 'wal_compression' AND setting = 'off' AND source = 'default'
               AND 'lz4' = ANY (enumvals) AND has_parameter_privilege('wal_compression', 'SET')
            """;

    private WalCompression() {
    }

    /** On a session not in a transaction: the setting holds for the session's life. */
    static void compressIfUnchosen(Connection c) throws SQLException {
        if (c.getMetaData().getDatabaseMajorVersion() < 15) {
            return; // no lz4 (and no has_parameter_privilege) before 15
        }
        try (Statement s = c.createStatement()) {
            s.execute(SET_IF_UNCHOSEN);
        }
    }
}
