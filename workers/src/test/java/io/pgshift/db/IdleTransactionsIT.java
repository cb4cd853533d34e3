package io.pgshift.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.quartz.HikariConnectionProvider;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A pgshift session frozen inside a transaction does not hold its locks for ever. */
@ExtendWith(PgDatabaseExtension.class)
class IdleTransactionsIT {

    @Test
    void aSessionIdleInsideATransactionIsEndedByTheServerAndItsLocksAreFreed(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE t_idle (id int PRIMARY KEY, v int); INSERT INTO t_idle VALUES (1, 0)");
        try (Connection frozen = Connections.open(db.url(), "pgshift-test-frozen");
             Connection other = Connections.open(db.url(), "pgshift-test-other");
             Connection application = db.connect()) {
            frozen.setAutoCommit(false);
            try (Statement s = frozen.createStatement()) {
                s.executeUpdate("UPDATE t_idle SET v = 1 WHERE id = 1"); // holds the row, as a batch would
                s.execute("ALTER TABLE t_idle ADD COLUMN added int"); // and ACCESS EXCLUSIVE, as a DDL step would
            }
            // the application's INSERT queues behind the DDL lock until the server ends the frozen session
            long started = System.nanoTime();
            try (Statement s = application.createStatement()) {
                s.execute("SET statement_timeout = '60s'");
                assertEquals(1, s.executeUpdate("INSERT INTO t_idle VALUES (2, 0)"));
            }
            long waitedMs = (System.nanoTime() - started) / 1_000_000;
            long bound = IdleTransactions.LIMIT.toMillis();
            assertTrue(waitedMs >= bound - 1_000 && waitedMs < bound + 5_000,
                    "the application waited about the bound, not for ever: " + waitedMs + " ms");

            try (Statement s = other.createStatement()) {
                s.execute("SET lock_timeout = '1s'");
                assertEquals(1, s.executeUpdate("UPDATE t_idle SET v = 2 WHERE id = 1"), "the row's lock was freed");
            }
            SQLException woken = assertThrows(SQLException.class, () -> {
                try (Statement s = frozen.createStatement()) {
                    s.executeUpdate("UPDATE t_idle SET v = 3 WHERE id = 1");
                }
            });
            assertTrue(SqlStates.isConnectionLost(woken), "woken, it finds its connection lost: " + woken);
            assertEquals(2, db.queryLong("SELECT v FROM t_idle WHERE id = 1"), "the frozen transaction rolled back");
            assertEquals(0, db.queryLong("SELECT count(*) FROM information_schema.columns"
                    + " WHERE table_name = 't_idle' AND column_name = 'added'"), "its DDL too");
        }
    }

    @Test
    void everyKindOfSessionIsBoundedAndAStricterServerSettingIsKept(TestDatabase db) throws Exception {
        try (Connection c = Connections.open(db.url(), "pgshift-test")) {
            assertEquals("10s", show(c));
        }
        HikariConnectionProvider quartz = new HikariConnectionProvider(db.url(), 1, "idle-test");
        try {
            try (Connection c = quartz.getConnection()) {
                assertEquals(0, db.queryLong("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                        + " AND application_name = 'pgshift-quartz' AND state = 'idle in transaction'"),
                        "the pool's new session idles outside any transaction");
                assertEquals("10s", show(c));
                c.rollback(); // as Quartz may: the bound was committed with the session's set-up
            }
            try (Connection c = quartz.getConnection()) {
                assertEquals("10s", show(c));
                c.rollback();
            }
        } finally {
            quartz.shutdown();
        }
        db.execute("ALTER DATABASE " + db.name() + " SET idle_in_transaction_session_timeout = '3s'");
        try (Connection c = Connections.open(db.url(), "pgshift-test")) {
            assertEquals("3s", show(c), "a stricter setting of the database is kept");
            IdleTransactions.serverDefault(c);
            assertEquals("3s", show(c));
        } finally {
            db.execute("ALTER DATABASE " + db.name() + " RESET idle_in_transaction_session_timeout");
        }
        db.execute("ALTER DATABASE " + db.name() + " SET idle_in_transaction_session_timeout = '1h'");
        try (Connection c = Connections.open(db.url(), "pgshift-test")) {
            assertEquals("10s", show(c), "a looser one is tightened");
            IdleTransactions.serverDefault(c);
            assertEquals("1h", show(c), "and given back where a transaction idles on purpose");
        } finally {
            db.execute("ALTER DATABASE " + db.name() + " RESET idle_in_transaction_session_timeout");
        }
    }

    private static String show(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW idle_in_transaction_session_timeout")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
