package io.pgshift.db;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The source of a connection pool's sessions (Quartz's, a daemon's API pool): each login made
 * with the properties of that moment ({@link Connections#properties}), so a {@link PasswordFile}
 * rotated while the process runs reaches the pool's new sessions too. HikariCP's own source keeps
 * the properties it was given at the start, the password with them. The login timeout is
 * {@link Connections#CONNECT_TIMEOUT}, in the properties.
 */
public final class LoginDataSource implements DataSource {
    private final DatabaseUrl url;
    private final String applicationName;
    private final Duration socketTimeout;
    private volatile int loginTimeoutSeconds;

    /** Sessions of {@code url} named {@code applicationName}, whose every read waits at most {@code socketTimeout}. */
    public LoginDataSource(DatabaseUrl url, String applicationName, Duration socketTimeout) {
        this.url = url;
        this.applicationName = applicationName;
        this.socketTimeout = socketTimeout;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return Connections.login(url, applicationName, socketTimeout);
    }

    /** The credentials are the address's: a pool configured with others is a mistake, said at once. */
    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the credentials of a pgshift pool come from its database address");
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // pgJDBC logs through java.util.logging; there is no writer to set
    }

    /** Kept for the pool's asking; the login itself is bounded by the connect timeout in the properties. */
    @Override
    public void setLoginTimeout(int seconds) {
        this.loginTimeoutSeconds = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeoutSeconds;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("pgJDBC's loggers are java.util.logging's own");
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException("not a wrapper of " + type.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }
}
