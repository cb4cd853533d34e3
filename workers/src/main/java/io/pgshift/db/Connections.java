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
        Connection c = DriverManager.getConnection(url.jdbcUrl(), properties(url, applicationName, login));
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
     * Driver properties for {@code url}, for a pool that cannot change a connection's timeout after
     * the login: credentials, application name, connect timeout, keepalive and {@code socketTimeout}
     * for every read, the login's included.
     */
    public static Properties properties(DatabaseUrl url, String applicationName, Duration socketTimeout) {
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
        return props;
    }

    private static void closeAfter(Connection c, Exception cause) {
        try {
            c.close();
        } catch (SQLException closeFailure) {
            cause.addSuppressed(closeFailure);
        }
    }
}
