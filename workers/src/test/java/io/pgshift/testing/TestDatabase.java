package io.pgshift.testing;

import io.pgshift.db.Connections;
import io.pgshift.db.DatabaseUrl;
import io.pgshift.db.IdleTransactions;
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

    /**
     * Creates a login role named {@code prefix} and this database's name (roles are the server's, and
     * test classes run side by side), dropping one left by an earlier run first; returns its name.
     * The test drops it.
     */
    public String createLoginRole(String prefix) {
        String role = prefix + "_" + name().replaceAll("\\W", "_");
        execute("DROP ROLE IF EXISTS " + role + "; CREATE ROLE " + role + " LOGIN");
        return role;
    }

    /** The same database as {@code role} (a role the test created, logging in without a password as trust allows). */
    public DatabaseUrl as(String role) {
        String jdbc = url.jdbcUrl().replaceAll("[?&](user|password)=[^&]*", "");
        return DatabaseUrl.parse(jdbc + (jdbc.contains("?") ? "&" : "?") + "user=" + role);
    }

    /** The libpq URI (postgresql://user@host:port/db) for psql and other command-line clients. */
    public String libpqUri() {
        var m = java.util.regex.Pattern.compile("jdbc:postgresql://([^/?]+)/([^?]+)(?:\\?(.*))?").matcher(url.jdbcUrl());
        if (!m.matches()) {
            throw new IllegalStateException("unexpected JDBC URL " + url);
        }
        String user = url.user();
        String password = url.password();
        if (m.group(3) != null) {
            for (String kv : m.group(3).split("&")) {
                String[] p = kv.split("=", 2);
                if (p[0].equals("user") && p.length == 2) {
                    user = p[1];
                } else if (p[0].equals("password") && p.length == 2) {
                    password = p[1];
                }
            }
        }
        String auth = user == null ? "" : user + (password == null ? "" : ":" + password) + "@";
        return "postgresql://" + auth + m.group(1) + "/" + m.group(2);
    }

    /** Runs a SQL file of the repository (path relative to the repository root), replacing {@code :name} variables. */
    public void executeFile(String repoPath, java.util.Map<String, String> variables) {
        try {
            String sql = java.nio.file.Files.readString(RepoFiles.path(repoPath));
            for (var e : variables.entrySet()) {
                sql = sql.replace(":" + e.getKey(), e.getValue());
            }
            execute(sql);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * A session as the application's or an operator's would be: without pgshift's bound on idle
     * transactions, so a test's lock holder idles in its transaction for as long as the test says.
     */
    public Connection connect() throws SQLException {
        Connection c = Connections.open(url, "pgshift-test");
        try {
            IdleTransactions.serverDefault(c);
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
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

    /**
     * Ends a session of the server (any database) and waits until it is gone: what
     * {@code pg_terminate_backend(pid, timeout)} does on PostgreSQL 14+, which 13 lacks.
     */
    public void terminate(int pid) {
        if (!Boolean.TRUE.equals(queryValue("SELECT pg_terminate_backend(" + pid + ")"))) {
            throw new IllegalStateException("no session " + pid + " to terminate");
        }
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        while (queryLong("SELECT count(*) FROM pg_stat_activity WHERE pid = " + pid) > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("session " + pid + " still there 5 s after pg_terminate_backend");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while session " + pid + " ends", e);
            }
        }
    }

    /** Polls a boolean query until it is true; fails with the query after {@code timeout}. */
    public void waitFor(String booleanSql, java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Boolean.TRUE.equals(queryValue(booleanSql))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + booleanSql);
            }
            Thread.sleep(20);
        }
    }

    public long queryLong(String sql) {
        Object v = queryValue(sql);
        return v == null ? 0 : ((Number) v).longValue();
    }
}
