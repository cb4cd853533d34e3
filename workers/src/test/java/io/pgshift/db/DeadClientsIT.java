package io.pgshift.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A statement of a pgshift process that was killed does not run on alone to its end (PostgreSQL 14 and later). */
@ExtendWith(PgDatabaseExtension.class)
class DeadClientsIT {
    private static final String ORPHAN_APP = "pgshift-test-orphan";

    @Test
    void aKilledProcessesStatementIsEndedByTheServer(TestDatabase db) throws Exception {
        if (major(db) < 14) {
            assertNoSuchSetting(db);
            return;
        }
        Path log = Files.createTempFile("pgshift-orphan-", ".log");
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process child = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                LongStatement.class.getName(), db.jdbcUrlForChild()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            String running = "SELECT pid FROM pg_stat_activity WHERE application_name = '" + ORPHAN_APP
                    + "' AND state = 'active' AND query LIKE 'SELECT pg_sleep(%'";
            db.waitFor("SELECT EXISTS (" + running + ")", Duration.ofSeconds(30));
            long pid = db.queryLong(running);
            child.destroyForcibly(); // SIGKILL: no close, no Terminate message; the kernel closes the socket
            assertTrue(child.waitFor(10, TimeUnit.SECONDS), "the child died");
            long killed = System.nanoTime();
            db.waitFor("SELECT NOT EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid = " + pid + ")",
                    DeadClients.INTERVAL.plusSeconds(10));
            long goneMs = (System.nanoTime() - killed) / 1_000_000;
            assertTrue(goneMs < DeadClients.INTERVAL.toMillis() + 5_000,
                    "the server ended the orphaned statement within the check's interval, not after its 120 s: "
                            + goneMs + " ms");
        } finally {
            child.destroyForcibly();
            Files.deleteIfExists(log);
        }
    }

    @Test
    void aSessionChecksAndAServerSettingIsKept(TestDatabase db) throws Exception {
        if (major(db) < 14) {
            assertNoSuchSetting(db);
            return;
        }
        try (Connection c = Connections.open(db.url(), "pgshift-test")) {
            assertEquals("5s", show(c));
            assertEquals("10s", show(c, "idle_in_transaction_session_timeout"), "set in the same statement");
        }
        db.execute("ALTER DATABASE \"" + db.name() + "\" SET client_connection_check_interval = '30s'");
        try (Connection c = Connections.open(db.url(), "pgshift-test")) {
            assertEquals("30s", show(c), "the database's own setting is kept");
        } finally {
            db.execute("ALTER DATABASE \"" + db.name() + "\" RESET client_connection_check_interval");
        }
    }

    @Test
    void aServerThatRefusesTheCheckStillGetsTheIdleBound(TestDatabase db) throws Exception {
        String role = db.createLoginRole("pgshift_dc");
        DatabaseUrl asRole = db.as(role);
        // a setting only a superuser may change stands for a server locking client_connection_check_interval
        String refused = "SELECT (" + IdleTransactions.BOUND_SQL + "), set_config('log_statement_stats', 'off', false)";
        try (Connection c = DriverManager.getConnection(asRole.jdbcUrl())) {
            SessionBounds.apply(c, refused);
            assertEquals("10s", show(c, "idle_in_transaction_session_timeout"), "the bound is set all the same");
            assertTrue(c.getAutoCommit() && c.isValid(1), "the session is usable");
        } finally {
            db.execute("DROP ROLE " + role);
        }
    }

    /** Before 14 there is no such setting: the login's statement sets nothing and fails nothing. */
    private static void assertNoSuchSetting(TestDatabase db) throws SQLException {
        try (Connection c = Connections.open(db.url(), "pgshift-test"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_setting('client_connection_check_interval', true)")) {
            rs.next();
            assertNull(rs.getString(1));
        }
    }

    private static long major(TestDatabase db) {
        return db.queryLong("SELECT current_setting('server_version_num')::int / 10000");
    }

    private static String show(Connection c) throws SQLException {
        return show(c, "client_connection_check_interval");
    }

    private static String show(Connection c, String setting) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** The child process: one pgshift session running a statement longer than the test. */
    public static final class LongStatement {
        private LongStatement() {
        }

        public static void main(String[] args) throws SQLException {
            try (Connection c = Connections.open(DatabaseUrl.parse(args[0]), ORPHAN_APP, Duration.ZERO);
                 Statement s = c.createStatement()) {
                s.execute("SELECT pg_sleep(120)");
            }
        }
    }
}
