package io.pgshift.quartz;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.pgshift.db.DatabaseUrl;
import io.pgshift.db.IdleTransactions;
import io.pgshift.db.LoginDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.quartz.utils.ConnectionProvider;

/**
 * Quartz's job store connections, from a HikariCP pool of their own: Quartz holds its
 * connections only for its short bookkeeping transactions, and a separate pool keeps a burst
 * of batch work from starving the cluster check-in (which would make other nodes think this
 * one died and recover its jobs).
 */
public final class HikariConnectionProvider implements ConnectionProvider {
    /** Quartz's transactions are short row reads and writes; its cluster check-in runs every few seconds. */
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(30);
    /** How long a shutdown waits for Quartz's threads to end the bookkeeping transactions they are in. */
    static final Duration DRAIN = Duration.ofSeconds(5);
    private final HikariDataSource pool;

    public HikariConnectionProvider(DatabaseUrl url, int maxConnections, String poolName) {
        HikariConfig config = new HikariConfig();
        // A dead server must not hang Quartz's scheduler thread: reads time out, the pool reconnects.
        config.setDataSource(new LoginDataSource(url, "pgshift-quartz", SOCKET_TIMEOUT));
        // a node frozen inside Quartz's transaction would hold qrtz_locks, and with it every other node's recovery;
        // committed by the pool itself (isolated), or the new session would idle inside the init's transaction
        // and a rollback by Quartz would undo the setting
        config.setConnectionInitSql(IdleTransactions.BOUND_SQL);
        config.setIsolateInternalQueries(true);
        config.setMaximumPoolSize(maxConnections);
        config.setMinimumIdle(1);
        config.setPoolName(poolName);
        config.setAutoCommit(false);
        // Quartz locks rows of qrtz_locks with SELECT ... FOR UPDATE; a session must not default to another isolation.
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        // Fail fast at start when the database is unreachable rather than on the first trigger.
        config.setInitializationFailTimeout(10_000);
        this.pool = new HikariDataSource(config);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return pool.getConnection();
    }

    /**
     * Closes the pool once no connection is in use, waiting at most {@link #DRAIN}. Quartz
     * unregisters a finished job before it records the job's completion (its listeners run first,
     * then the job store's transaction on this pool), so a node stopped right after a job returned
     * can find a thread still inside that transaction; closing at once would abort its connection:
     * a stack trace at the end of a successful apply, and a fired-trigger row left behind for
     * another node to recover.
     */
    @Override
    public void shutdown() {
        long deadline = System.nanoTime() + DRAIN.toNanos();
        while (pool.getHikariPoolMXBean().getActiveConnections() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break; // asked to stop now: close as before
            }
        }
        pool.close();
    }

    @Override
    public void initialize() {
        // the pool is built in the constructor, from a validated DatabaseUrl
    }
}
