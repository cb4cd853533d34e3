package io.pgshift.exec;

import io.pgshift.plan.LockMode;
import io.pgshift.plan.Statement;
import io.pgshift.plan.TableImpact;
import io.pgshift.plan.TxMode;
import io.pgshift.playbook.DeploySettings;
import io.pgshift.playbook.LockRetries;
import io.pgshift.playbook.Settings;
import io.pgshift.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Test fixtures: an executor whose connections the test can see, statements, settings. */
final class Executors {
    private Executors() {
    }

    /** A source over the test database that remembers every connection it opened. */
    static final class RecordingSource implements ConnectionSource {
        final List<Connection> opened = new CopyOnWriteArrayList<>();
        private final TestDatabase db;

        RecordingSource(TestDatabase db) {
            this.db = db;
        }

        @Override
        public Connection open() throws SQLException {
            Connection c = db.connect();
            opened.add(c);
            return c;
        }

        Connection last() {
            return opened.get(opened.size() - 1);
        }
    }

    /**
     * A source whose first connection loses the acknowledgement of its first commit: the commit
     * happens in the database, then the client sees the connection fail (08006), as when the
     * network drops between the two. Later connections are plain.
     */
    static final class LostCommitAcknowledgement implements ConnectionSource {
        final RecordingSource plain;
        private boolean lost;

        LostCommitAcknowledgement(TestDatabase db) {
            this.plain = new RecordingSource(db);
        }

        @Override
        public Connection open() throws SQLException {
            Connection real = plain.open();
            if (lost) {
                return real;
            }
            return (Connection) java.lang.reflect.Proxy.newProxyInstance(Connection.class.getClassLoader(),
                    new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                        try {
                            Object result = method.invoke(real, args);
                            if (method.getName().equals("commit") && !lost) {
                                lost = true;
                                real.close();
                                throw new SQLException("An I/O error occurred while sending to the backend.", "08006");
                            }
                            return result;
                        } catch (java.lang.reflect.InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }
    }

    static Settings settings(Duration lockTimeout, int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
        return new Settings(lockTimeout, Duration.ofSeconds(5), Duration.ofSeconds(20),
                new LockRetries(maxAttempts, initialBackoff, maxBackoff), "public", DeploySettings.DEFAULT);
    }

    static Statement ddl(String sql, String table, LockMode lock, String guard) {
        return new Statement(sql, table, lock, TableImpact.METADATA, TxMode.TRANSACTION,
                Statement.TimeoutClass.SHORT, guard);
    }

    static String query(Connection c, String sql) throws SQLException {
        try (var s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    static int backendPid(Connection c) throws SQLException {
        return Integer.parseInt(query(c, "SELECT pg_backend_pid()"));
    }
}
