package io.pgshift.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The API's pooled sessions come out as fresh ones: a previous borrower's settings gone, pgshift's own back. */
@ExtendWith(PgDatabaseExtension.class)
class TargetPoolIT {

    @Test
    void aBorrowedSessionHasTheBoundOnIdleTransactionsAndNothingOfThePreviousBorrower(TestDatabase db) throws Exception {
        try (TargetPool pool = new TargetPool(db.url(), "staging")) {
            try (Connection c = pool.connect("first"); Statement s = c.createStatement()) {
                assertEquals("10s", show(c, "idle_in_transaction_session_timeout"));
                assertEquals("pgshift-daemon-first", show(c, "application_name"));
                s.execute("SET idle_in_transaction_session_timeout = 0; SET work_mem = '77MB'");
            }
            try (Connection c = pool.connect("second")) {
                assertEquals("10s", show(c, "idle_in_transaction_session_timeout"));
                assertEquals(db.queryValue("SHOW work_mem"), show(c, "work_mem"), "the previous borrower's setting is gone");
                assertEquals("pgshift-daemon-second", show(c, "application_name"));
            }
        }
    }

    /** A session the server ended just after its last use: the pool hands it out unchecked, the borrow takes another. */
    @Test
    void aSessionEndedByTheServerIsReplacedAtTheBorrow(TestDatabase db) throws Exception {
        try (TargetPool pool = new TargetPool(db.url(), "staging")) {
            int first;
            try (Connection c = pool.connect("first")) {
                first = backendPid(c);
            }
            db.terminate(first);
            try (Connection c = pool.connect("second")) {
                assertNotEquals(first, backendPid(c));
                assertEquals("pgshift-daemon-second", show(c, "application_name"));
            }
        }
    }

    private static int backendPid(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static String show(Connection c, String setting) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
