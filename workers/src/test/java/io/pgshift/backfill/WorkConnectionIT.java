package io.pgshift.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.db.DatabaseUrl;
import io.pgshift.db.SqlStates;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The session a partition's batches run in: its settings, and that a unit of work is committed for every other session. */
@ExtendWith(PgDatabaseExtension.class)
class WorkConnectionIT {
    @Test
    void batchSessionSettings(TestDatabase db) throws SQLException {
        try (WorkConnection work = new WorkConnection(db.url(), "pgshift-backfill", Duration.ofSeconds(30))) {
            assertEquals("force_custom_plan", work.inTransaction(c -> show(c, "plan_cache_mode")));
            assertEquals("256kB", work.inTransaction(c -> show(c, "backend_flush_after")));
            assertEquals("off", work.inTransaction(c -> show(c, "jit")));
            assertEquals("off", work.inTransaction(c -> show(c, "synchronous_commit")));
            assertEquals("pgshift-backfill", work.inTransaction(c -> show(c, "application_name")));
        }
    }

    @Test
    void walCompressionIsLz4WhereTheServerLeftItsDefault(TestDatabase db) throws SQLException {
        try (WorkConnection work = new WorkConnection(db.url(), "pgshift-backfill", Duration.ofSeconds(30))) {
            // lz4 came with PostgreSQL 15, for a server built with it (Debian's are); else nothing changes
            assertEquals(lz4(db) ? "lz4" : "off", work.inTransaction(c -> show(c, "wal_compression")));
        }
    }

    @Test
    void walCompressionChosenForTheDatabaseIsLeftAsItIs(TestDatabase db) throws SQLException {
        db.execute("ALTER DATABASE \"" + db.name() + "\" SET wal_compression = off");
        try (WorkConnection work = new WorkConnection(db.url(), "pgshift-backfill", Duration.ofSeconds(30))) {
            assertEquals("off", work.inTransaction(c -> show(c, "wal_compression")));
        } finally {
            db.execute("ALTER DATABASE \"" + db.name() + "\" RESET wal_compression");
        }
    }

    @Test
    void aRoleThatMayNotSetWalCompressionWorksWithoutIt(TestDatabase db) throws SQLException {
        String role = db.createLoginRole("pgshift_walc");
        DatabaseUrl asRole = db.as(role);
        try {
            try (WorkConnection work = new WorkConnection(asRole, "pgshift-backfill", Duration.ofSeconds(30))) {
                assertEquals(role, work.inTransaction(c -> show(c, "session_authorization")));
                assertEquals("off", work.inTransaction(c -> show(c, "wal_compression")));
            }
            if (lz4(db)) {
                db.execute("GRANT SET ON PARAMETER wal_compression TO " + role);
                try (WorkConnection work = new WorkConnection(asRole, "pgshift-backfill", Duration.ofSeconds(30))) {
                    assertEquals("lz4", work.inTransaction(c -> show(c, "wal_compression")), "granted, it may");
                }
                db.execute("REVOKE SET ON PARAMETER wal_compression FROM " + role);
            }
        } finally {
            db.execute("DROP ROLE " + role);
        }
    }

    @Test
    void aServerThatRefusesWalCompressionAllTheSameLeavesAUsableSession(TestDatabase db) throws SQLException {
        String role = db.createLoginRole("pgshift_walr");
        // a setting only a superuser may change stands for a server whose hook refuses wal_compression
        String refused = "SELECT set_config('log_statement_stats', 'off', false)";
        try (Connection c = java.sql.DriverManager.getConnection(db.as(role).jdbcUrl())) {
            WalCompression.compressIfUnchosen(c, refused);
            assertTrue(c.getAutoCommit() && c.isValid(1), "no failed transaction left, the session usable");
            assertEquals(role, show(c, "session_authorization"));
        } finally {
            db.execute("DROP ROLE " + role);
        }
    }

    @Test
    void aCommittedUnitIsSeenByOtherSessionsAndAFailedOneIsNot(TestDatabase db) throws SQLException {
        db.execute("CREATE TABLE work_units (n int)");
        try (WorkConnection work = new WorkConnection(db.url(), "pgshift-backfill", Duration.ofSeconds(30))) {
            work.inTransaction(c -> update(c, "INSERT INTO work_units VALUES (1)"));
            SQLException failed = assertThrows(SQLException.class,
                    () -> work.inTransaction(c -> update(c, "INSERT INTO work_units VALUES (2); SELECT 1 / 0")));
            assertEquals("22012", failed.getSQLState());
            // the failed unit was rolled back: the next one on the same connection runs and commits alone
            work.inTransaction(c -> update(c, "INSERT INTO work_units VALUES (3)"));
            // asynchronous commit changes when a commit is durable, not what other sessions see
            assertEquals(2L, db.queryLong("SELECT count(*) FROM work_units"));
            assertEquals(4L, db.queryLong("SELECT sum(n) FROM work_units"));
        }
    }

    @Test
    void aNewSocketTimeoutHoldsForTheOpenConnectionAndTheNextOne(TestDatabase db) throws SQLException {
        try (WorkConnection work = new WorkConnection(db.url(), "pgshift-backfill", Duration.ofSeconds(60))) {
            assertEquals(60_000, work.inTransaction(Connection::getNetworkTimeout));
            int pid = work.inTransaction(WorkConnectionIT::pid);
            work.socketTimeout(Duration.ofSeconds(45)); // what a partition does once it has read its spec
            assertEquals(45_000, work.inTransaction(Connection::getNetworkTimeout));
            assertEquals(pid, work.inTransaction(WorkConnectionIT::pid), "the same session");
            db.terminate(pid);
            SQLException lost = assertThrows(SQLException.class, () -> work.inTransaction(WorkConnectionIT::pid));
            assertTrue(SqlStates.isConnectionLost(lost), "the session is gone: " + lost);
            assertNotEquals(pid, work.inTransaction(WorkConnectionIT::pid), "a new session");
            assertEquals(45_000, work.inTransaction(Connection::getNetworkTimeout), "with the timeout set before");
        }
    }

    private static int pid(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static boolean lz4(TestDatabase db) {
        return db.queryLong("SELECT count(*) FROM pg_settings WHERE name = 'wal_compression'"
                + " AND 'lz4' = ANY (enumvals)") == 1;
    }

    private static String show(Connection c, String setting) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static int update(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
            return s.getUpdateCount();
        }
    }
}
