package io.pgshift.exec;

import io.pgshift.db.Connections;
import io.pgshift.db.DatabaseUrl;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;

/** Plain connections to a database URL, named {@code pgshift} in pg_stat_activity. */
public record UrlConnectionSource(DatabaseUrl url) implements ConnectionSource {
    public UrlConnectionSource {
        Objects.requireNonNull(url, "url");
    }

    @Override
    public Connection open() throws SQLException {
        return Connections.open(url);
    }
}
