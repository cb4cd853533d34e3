package io.pgshift.store;

import io.pgshift.db.SocketTimeouts;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies pgshift's state migrations in version order, each in its own transaction together
 * with its row in {@code pgshift.schema_version}. Several nodes starting at once serialise on a
 * session advisory lock, so each migration runs exactly once; an applied migration whose text
 * changed since is refused rather than silently skipped.
 */
public final class SchemaMigrator {
    /** Fixed key of the advisory lock ("pgshift" in ASCII); any pgshift process uses the same one. */
    static final long LOCK_KEY = 0x7067736869667400L;
    /**
     * How long a read may wait during migrations: they wait without lock_timeout for another node's
     * migration to finish, and may rewrite one of pgshift's tables; still, not for ever.
     */
    static final Duration SOCKET_TIMEOUT = Duration.ofMinutes(15);
    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);

    private SchemaMigrator() {
    }

    /** Applies the workers' own migrations. */
    public static MigrationResult migrate(Connection connection) throws SQLException {
        return migrate(connection, Migrations.WORKERS);
    }

    /** Applies {@code migrations} (any order; sorted here) that are not applied yet. */
    public static MigrationResult migrate(Connection connection, List<Migration> migrations) throws SQLException {
        checkDistinctVersions(migrations);
        List<Migration> ordered = migrations.stream().sorted(java.util.Comparator.comparingInt(Migration::version)).toList();
        boolean autoCommit = connection.getAutoCommit();
        int socketTimeout = SocketTimeouts.replace(connection, SOCKET_TIMEOUT);
        connection.setAutoCommit(true);
        try (Statement s = connection.createStatement()) {
            // No lock_timeout here: waiting for another node's migration to finish is the point.
            s.execute("SET lock_timeout = 0");
            s.execute("SELECT pg_advisory_lock(" + LOCK_KEY + ")");
        }
        Throwable failure = null;
        try {
            return applyPending(connection, ordered);
        } catch (SQLException | RuntimeException e) {
            failure = e;
            throw e;
        } finally {
            unlock(connection, failure);
            connection.setAutoCommit(autoCommit);
            SocketTimeouts.restore(connection, socketTimeout);
        }
    }

    private static MigrationResult applyPending(Connection connection, List<Migration> ordered) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS pgshift");
            s.execute("CREATE TABLE IF NOT EXISTS pgshift.schema_version (version int PRIMARY KEY, name text NOT NULL,"
                    + " checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
        }
        Map<Integer, String> applied = appliedChecksums(connection);
        int count = 0;
        for (Migration m : ordered) {
            String known = applied.get(m.version());
            if (known != null) {
                if (!known.equals(m.checksum())) {
                    throw new MigrationException("migration V" + m.version() + " '" + m.name() + "' was applied with"
                            + " checksum " + known + " but its SQL now has " + m.checksum()
                            + "; applied migrations must never change, add a new one instead");
                }
                continue;
            }
            apply(connection, m);
            count++;
        }
        return new MigrationResult(count, ordered.isEmpty() ? 0 : ordered.get(ordered.size() - 1).version());
    }

    private static void apply(Connection connection, Migration m) throws SQLException {
        connection.setAutoCommit(false);
        try (Statement s = connection.createStatement();
             PreparedStatement record = connection.prepareStatement(
                     "INSERT INTO pgshift.schema_version (version, name, checksum) VALUES (?, ?, ?)")) {
            s.execute(m.sql());
            record.setInt(1, m.version());
            record.setString(2, m.name());
            record.setString(3, m.checksum());
            record.executeUpdate();
            connection.commit();
            LOG.info("applied migration V{} {}", m.version(), m.name());
        } catch (SQLException e) {
            connection.rollback();
            throw new MigrationException("migration V" + m.version() + " '" + m.name() + "' failed: " + e.getMessage(), e);
        } finally {
            connection.setAutoCommit(true);
        }
    }

    private static Map<Integer, String> appliedChecksums(Connection connection) throws SQLException {
        Map<Integer, String> applied = new HashMap<>();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT version, checksum FROM pgshift.schema_version")) {
            while (rs.next()) {
                applied.put(rs.getInt(1), rs.getString(2));
            }
        }
        return applied;
    }

    /** Releases the lock; an unlock failure is attached to the original failure, never replacing it. */
    private static void unlock(Connection connection, Throwable failure) throws SQLException {
        try (Statement s = connection.createStatement()) {
            if (!connection.getAutoCommit()) {
                connection.rollback();
                connection.setAutoCommit(true);
            }
            s.execute("SELECT pg_advisory_unlock(" + LOCK_KEY + ")");
        } catch (SQLException e) {
            if (failure == null) {
                throw e;
            }
            failure.addSuppressed(e);
        }
    }

    private static void checkDistinctVersions(List<Migration> migrations) {
        Set<Integer> seen = new HashSet<>();
        for (Migration m : migrations) {
            if (!seen.add(m.version())) {
                throw new MigrationException("two migrations share version " + m.version());
            }
        }
    }

    /** How many migrations this call applied, and the highest version known. */
    public record MigrationResult(int applied, int latestVersion) {
    }
}
