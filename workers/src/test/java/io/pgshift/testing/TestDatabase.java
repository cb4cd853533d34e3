package io.pgshift.testing;

import io.pgshift.db.Connections;
import io.pgshift.db.DatabaseUrl;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** A scratch database created for one test class and dropped after it. */
public final class TestDatabase {
    private final DatabaseUrl url;

    TestDatabase(DatabaseUrl url) {
        this.url = url;
    }

    public DatabaseUrl url() {
        return url;
    }

    public String name() {
        return url.database();
    }

    /** The JDBC URL with the user inlined, for passing to a child process (CLI, daemon). */
    public String jdbcUrlForChild() {
        String jdbc = url.jdbcUrl();
        if (url.user() == null) {
            return jdbc;
        }
        return jdbc + (jdbc.contains("?") ? "&" : "?") + "user=" + url.user()
                + (url.password() == null ? "" : "&password=" + url.password());
    }

    public Connection connect() throws SQLException {
        return Connections.open(url, "pgshift-test");
    }

    /** Runs SQL (one or several statements) in autocommit mode. */
    public void execute(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("test SQL failed: " + e.getMessage() + "\n" + sql, e);
        }
    }

    /** Returns the first column of the first row, or null. */
    public Object queryValue(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement(); var rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getObject(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException("test query failed: " + e.getMessage() + "\n" + sql, e);
        }
    }

    public long queryLong(String sql) {
        Object v = queryValue(sql);
        return v == null ? 0 : ((Number) v).longValue();
    }
}
