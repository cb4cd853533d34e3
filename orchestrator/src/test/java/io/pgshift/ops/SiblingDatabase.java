package io.pgshift.ops;

import io.pgshift.db.Connections;
import io.pgshift.db.DatabaseUrl;
import io.pgshift.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A second database next to the test class's own, standing in for another environment
 * ("production" next to "staging"). Created on the same server, dropped WITH (FORCE) by
 * {@link #close()}, which a test class calls from {@code @AfterAll}.
 */
public final class SiblingDatabase implements AutoCloseable {
    private final DatabaseUrl admin;
    private final DatabaseUrl url;
    private final String name;

    private SiblingDatabase(DatabaseUrl admin, String name) {
        this.admin = admin;
        this.name = name;
        this.url = admin.withDatabase(name);
    }

    public static SiblingDatabase create(TestDatabase next, String suffix) {
        String name = (next.name() + "_" + suffix);
        name = name.length() > 63 ? name.substring(name.length() - 63) : name;
        SiblingDatabase db = new SiblingDatabase(next.url().withDatabase("postgres"), name);
        db.admin("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
        db.admin("CREATE DATABASE \"" + name + "\"");
        return db;
    }

    public DatabaseUrl url() {
        return url;
    }

    public String name() {
        return name;
    }

    /** The JDBC URL with the user inlined, as the CLI takes it. */
    public String jdbcUrl() {
        String jdbc = url.jdbcUrl();
        return url.user() == null ? jdbc : jdbc + (jdbc.contains("?") ? "&" : "?") + "user=" + url.user();
    }

    public void execute(String sql) {
        try (Connection c = Connections.open(url, "pgshift-test"); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("test SQL failed: " + e.getMessage() + "\n" + sql, e);
        }
    }

    /** The first column of the first row, or null. */
    public Object queryValue(String sql) {
        try (Connection c = Connections.open(url, "pgshift-test"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getObject(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException("test query failed: " + e.getMessage() + "\n" + sql, e);
        }
    }

    public long queryLong(String sql) {
        try (Connection c = Connections.open(url, "pgshift-test"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            throw new IllegalStateException("test query failed: " + e.getMessage() + "\n" + sql, e);
        }
    }

    private void admin(String sql) {
        try (Connection c = Connections.open(admin, "pgshift-test"); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        admin("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
    }
}
