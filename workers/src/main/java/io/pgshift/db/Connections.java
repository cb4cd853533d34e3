package io.pgshift.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Opens plain (unpooled) JDBC connections with the settings every pgshift connection needs. */
public final class Connections {
    /** Identifies pgshift's sessions in pg_stat_activity, so ops can tell them apart from the application. */
    public static final String APPLICATION_NAME = "pgshift";

    private Connections() {
    }

    public static Connection open(DatabaseUrl url) throws SQLException {
        return open(url, APPLICATION_NAME);
    }

    public static Connection open(DatabaseUrl url, String applicationName) throws SQLException {
        return DriverManager.getConnection(url.jdbcUrl(), properties(url, applicationName));
    }

    /**
     * A connection for long-running work whose reads must never hang: a socket read that waits
     * longer than {@code socketTimeout} (a dead server, a dropped network) fails with an 08xxx
     * error, which the caller retries on a new connection. Keep it above the statement_timeout.
     */
    public static Connection open(DatabaseUrl url, String applicationName, java.time.Duration socketTimeout)
            throws SQLException {
        Properties props = properties(url, applicationName);
        props.setProperty("socketTimeout", Long.toString(Math.max(1, socketTimeout.toSeconds())));
        props.setProperty("tcpKeepAlive", "true");
        return DriverManager.getConnection(url.jdbcUrl(), props);
    }

    /** Driver properties for {@code url}: credentials, application name and connect timeout. */
    public static Properties properties(DatabaseUrl url, String applicationName) {
        Properties props = new Properties();
        if (url.user() != null) {
            props.setProperty("user", url.user());
        }
        if (url.password() != null) {
            props.setProperty("password", url.password());
        }
        props.setProperty("ApplicationName", applicationName);
        // A dead server or network must not hang the CLI forever.
        props.setProperty("connectTimeout", "10");
        return props;
    }
}
