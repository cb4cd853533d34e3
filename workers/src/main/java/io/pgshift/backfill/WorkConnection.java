package io.pgshift.backfill;

import io.pgshift.db.Connections;
import io.pgshift.db.DatabaseUrl;
import io.pgshift.db.SocketTimeouts;
import io.pgshift.db.SqlStates;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * The one connection a partition loop works on, replaced after a connection error (a killed
 * backend, a restarted server) so the next retry starts on a fresh session. Each unit of work
 * is one transaction: committed when it returns, rolled back when it throws.
 */
final class WorkConnection implements AutoCloseable {
    /** What runs inside one transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final DatabaseUrl url;
    private final String applicationName;
    private Duration socketTimeout;
    private Connection connection;

    WorkConnection(DatabaseUrl url, String applicationName, Duration socketTimeout) {
        this.url = url;
        this.applicationName = applicationName;
        this.socketTimeout = socketTimeout;
    }

    /** Reads on this session's connection, the current one and any later, wait at most {@code timeout} (zero: no limit). */
    void socketTimeout(Duration timeout) throws SQLException {
        socketTimeout = timeout;
        if (connection != null) {
            SocketTimeouts.set(connection, timeout);
        }
    }

    <T> T inTransaction(Work<T> work) throws SQLException {
        Connection c = connection();
        try {
            T result = work.run(c);
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            discardAfter(e);
            throw e;
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            Connection c = Connections.open(url, applicationName, socketTimeout);
            try (Statement s = c.createStatement()) {
                // Plan every batch for its actual bounds and limit: a generic plan cached after five
                // executions would estimate LIMIT $n as 10% of the table and could pick a seq scan.
                s.execute("SET plan_cache_mode = force_custom_plan");
                // Have the pages this session dirties written back as it goes: left to the kernel, a
                // backfill's hundreds of MB of dirty pages are flushed in one burst about 30 s later
                // (vm.dirty_expire_centisecs), and every commit's WAL fsync waits behind that burst.
                s.execute("SET backend_flush_after = '256kB'");
                // A batch is a short index-range statement run thousands of times; on a large table
                // the generic plan's estimates can pass jit_above_cost, and compiling it would cost
                // more CPU than running it, every time, next to the application's queries.
                s.execute("SET jit = off");
                // A batch commits together with its checkpoint, so its commit need not wait for the WAL
                // to reach disk: a server crash loses the last batches and their checkpoints together
                // (the partition redoes them), and any later synchronous commit (the driver's, the
                // gate's, a DDL step's) flushes them first. Waited for, each batch's flush was one the
                // application's commits arriving meanwhile queued behind.
                s.execute("SET synchronous_commit = off");
            }
            WalCompression.compressIfUnchosen(c);
            c.setAutoCommit(false);
            connection = c;
        }
        return connection;
    }

    /** Rolls back; on a broken connection closes it so the next unit reconnects. Never masks {@code cause}. */
    private void discardAfter(Exception cause) {
        Connection c = connection;
        if (c == null) {
            return;
        }
        boolean broken = cause instanceof SQLException sql && SqlStates.isConnectionError(sql.getSQLState());
        try {
            if (!broken && !c.isClosed()) {
                c.rollback();
                return;
            }
        } catch (SQLException rollbackFailure) {
            cause.addSuppressed(rollbackFailure);
        }
        connection = null;
        try {
            c.close();
        } catch (SQLException closeFailure) {
            cause.addSuppressed(closeFailure);
        }
    }

    @Override
    public void close() throws SQLException {
        if (connection != null) {
            Connection c = connection;
            connection = null;
            c.close();
        }
    }
}
