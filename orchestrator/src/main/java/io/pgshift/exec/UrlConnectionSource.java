package io.pgshift.exec;

import io.pgshift.db.Connections;
import io.pgshift.db.DatabaseUrl;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;

/**
 * Plain connections to a database URL for executors, named {@value #APPLICATION_NAME} in
 * pg_stat_activity: an operator tells pgshift's DDL from its other sessions, and progress readers
 * on any node find the executor's index builds in {@code pg_stat_progress_create_index}.
 */
public record UrlConnectionSource(DatabaseUrl url, Duration socketTimeout) implements ConnectionSource {
    public static final String APPLICATION_NAME = "pgshift-exec";

    /**
     * {@code socketTimeout}: the bound of the login (when under {@link Connections#CONNECT_TIMEOUT})
     * and of reads until the executor sets its own for each statement; a playbook's short statement
     * timeout, outlasted.
     */
    public UrlConnectionSource {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(socketTimeout, "socketTimeout");
    }

    public UrlConnectionSource(DatabaseUrl url) {
        this(url, Connections.SOCKET_TIMEOUT);
    }

    @Override
    public Connection open() throws SQLException {
        return Connections.open(url, APPLICATION_NAME, socketTimeout);
    }
}
