package io.pgshift.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

/**
 * Opens plain (unpooled) JDBC connections with the settings every pgshift connection needs, so
 * that no caller can forget them: a connect timeout, a socket timeout, TCP keepalive
 * ({@link KeepAliveSocketFactory}), pgshift's application name and, once logged in, a bound on
 * how long the session may idle inside a transaction ({@link IdleTransactions}: a frozen process
 * must not hold its locks for ever) and a check that ends its statement once the process is gone
 * ({@link DeadClients}), both in one statement ({@link SessionBounds}).
 *
 * <p>A network that drops packets without a reset (no RST, no FIN) would otherwise leave a read
 * blocked for ever. The TCP connect is bounded by {@link #CONNECT_TIMEOUT}; each read of the
 * login by the same (or the connection's socket timeout when shorter); every read after it by
 * the connection's socket timeout: {@link #SOCKET_TIMEOUT} for the short statements most
 * connections run (catalog reads, pgshift's own rows), or longer where the caller says its
 * statements are long ({@link #open(DatabaseUrl, String, Duration)}, {@link SocketTimeouts}).
 * Every connection asks for a primary ({@link #TARGET_SERVER_TYPE}).
 * pgJDBC parameters written in the URL win over these properties ({@code connectTimeout=5}, say);
 * a {@code socketTimeout} there bounds the login only, since pgshift sets its own after it.
 */
public final class Connections {
    /** Identifies pgshift's sessions in pg_stat_activity, so ops can tell them apart from the application. */
    public static final String APPLICATION_NAME = "pgshift";
    /** Bounds the TCP connect, and each read of the login: a live server answers a login in milliseconds. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /**
     * Bounds each read of a connection that runs short statements only: catalog and pgshift state
     * reads, state writes, which answer in well under a second unless the server or the network is
     * gone. Generous, since a false alarm fails a command, and still short enough that nothing
     * hangs unnoticed.
     */
    public static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(60);

    /**
     * Only a primary will do, by default: every pgshift session writes (its own rows, Quartz's, the
     * batches, the DDL), and on a standby each write fails with 25006 (read-only transaction), an
     * error pgshift takes, rightly, for one that a retry would not mend. After a failover the
     * driver's default ({@code any}) would settle a reconnection on the first server that answers:
     * the old primary back as a standby, or the standby a DNS name or an endpoint still points at
     * before its promotion. With {@code primary} the driver walks a host list to the server that
     * takes writes, and when none answers yet the connection fails as a lost one does (08001) and
     * is waited out like an outage. The driver tells a standby by the {@code in_hot_standby} the
     * server reports at login (PostgreSQL 14 and later), else by {@code transaction_read_only}
     * (one more round trip per login). An address's own {@code targetServerType} (or libpq's
     * {@code target_session_attrs}) wins.
     */
    public static final String TARGET_SERVER_TYPE = "primary";
    /** How pgJDBC says that servers answered and none was a primary. */
    private static final String NO_PRIMARY = "Could not find a server with specified targetServerType";

    private Connections() {
    }

    public static Connection open(DatabaseUrl url) throws SQLException {
        return open(url, APPLICATION_NAME);
    }

    /** A connection for short statements: reads time out after {@link #SOCKET_TIMEOUT} of silence. */
    public static Connection open(DatabaseUrl url, String applicationName) throws SQLException {
        return open(url, applicationName, SOCKET_TIMEOUT);
    }

    /**
     * A connection for reads only: its session's transactions are READ ONLY on the server
     * ({@code default_transaction_read_only}), so a write, a DDL statement or a migration run on it
     * fails (SQLSTATE 25006) instead of changing anything. {@code setReadOnly} alone would not do:
     * pgJDBC applies it only to transactions it opens itself, not in autocommit.
     */
    public static Connection openReadOnly(DatabaseUrl url, String applicationName) throws SQLException {
        Connection c = open(url, applicationName);
        try (java.sql.Statement s = c.createStatement()) {
            c.setReadOnly(true);
            s.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
        } catch (SQLException | RuntimeException e) {
            closeAfter(c, e);
            throw e;
        }
        return c;
    }

    /**
     * A connection whose reads wait at most {@code socketTimeout} for the server: keep it above the
     * statement_timeout of anything it runs ({@link SocketTimeouts#outlasting}), or above the longest
     * statement when it runs without one. A read that times out fails with an 08xxx error; the
     * caller treats it as a lost connection and opens a new one. Zero: no limit after the login
     * (for statements without one; keepalive still notices a dead peer).
     */
    public static Connection open(DatabaseUrl url, String applicationName, Duration socketTimeout) throws SQLException {
        boolean shorter = !socketTimeout.isZero() && socketTimeout.compareTo(CONNECT_TIMEOUT) < 0;
        Duration login = shorter ? socketTimeout : CONNECT_TIMEOUT;
        Connection c = login(url, applicationName, login);
        try {
            SocketTimeouts.set(c, socketTimeout);
            SessionBounds.apply(c);
        } catch (SQLException | RuntimeException e) {
            closeAfter(c, e);
            throw e;
        }
        return c;
    }

    /**
     * A new session with {@link #properties} made now (a {@link PasswordFile}'s password read now),
     * nothing run on it yet: what a pool's source hands the pool ({@link LoginDataSource}).
     */
    static Connection login(DatabaseUrl url, String applicationName, Duration socketTimeout) throws SQLException {
        try {
            return DriverManager.getConnection(url.jdbcUrl(), properties(url, applicationName, socketTimeout));
        } catch (SQLException e) {
            throw e.getMessage() != null && e.getMessage().startsWith(NO_PRIMARY) ? noPrimary(url, e) : e;
        }
    }

    /**
     * Driver properties for a login to {@code url} ({@link #login}: every connection, the pools'
     * included): credentials (a {@link PasswordFile}'s read now), application name, connect timeout,
     * keepalive, the primary only and {@code socketTimeout} for every read, the login's included.
     */
    static Properties properties(DatabaseUrl url, String applicationName, Duration socketTimeout) {
        Properties props = new Properties();
        if (url.user() != null) {
            props.setProperty("user", url.user());
        }
        if (url.password() != null) {
            props.setProperty("password", url.password());
        }
        props.setProperty("ApplicationName", applicationName);
        props.setProperty("connectTimeout", Long.toString(CONNECT_TIMEOUT.toSeconds()));
        // pgJDBC takes whole seconds here (0 would mean none): round up
        props.setProperty("socketTimeout", Long.toString(Math.max(1, (socketTimeout.toMillis() + 999) / 1000)));
        props.setProperty("tcpKeepAlive", "true");
        props.setProperty("socketFactory", KeepAliveSocketFactory.class.getName());
        props.setProperty("targetServerType", TARGET_SERVER_TYPE);
        return props;
    }

    /**
     * The driver's words, when servers answered and none took writes, in an operator's: which
     * address, and what to give instead. Same state (08001), so it is still waited out as an outage
     * (a failover under way).
     */
    private static SQLException noPrimary(DatabaseUrl url, SQLException e) {
        return new SQLException("no primary at " + url.hosts() + ": the server that answered is a standby (in recovery) or"
                + " read-only, and pgshift writes; give the primary's address, or every node's"
                + " (postgresql://user@node1,node2/db), to find it after a failover", e.getSQLState(), e);
    }

    private static void closeAfter(Connection c, Exception cause) {
        try {
            c.close();
        } catch (SQLException closeFailure) {
            cause.addSuppressed(closeFailure);
        }
    }
}
