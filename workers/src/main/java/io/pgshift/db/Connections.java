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
        return DriverManager.getConnection(url.jdbcUrl(), props);
    }
}
