package io.pgshift.exec;

import io.pgshift.db.Connections;
import io.pgshift.db.DatabaseUrl;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;

/**
 * Plain connections to a database URL for executors, named {@value #APPLICATION_NAME} in
 * pg_stat_activity: an operator tells pgshift's DDL from its other sessions, and progress readers
 * on any node find the executor's index builds in {@code pg_stat_progress_create_index}.
 */
public record UrlConnectionSource(DatabaseUrl url) implements ConnectionSource {
    public static final String APPLICATION_NAME = "pgshift-exec";

    public UrlConnectionSource {
        Objects.requireNonNull(url, "url");
    }

    @Override
    public Connection open() throws SQLException {
        return Connections.open(url, APPLICATION_NAME);
    }
}
