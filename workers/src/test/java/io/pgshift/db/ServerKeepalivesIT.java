package io.pgshift.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A pgshift session over TCP has the server probe its connection once it is silent for a minute
 * ({@link ServerKeepalives}); a session of anyone else keeps the system's keepalives, and a shorter
 * setting of the database is kept. (That a vanished host's session then ends takes a network that
 * drops packets, which this machine's loopback does not: not tested here.)
 */
@ExtendWith(PgDatabaseExtension.class)
class ServerKeepalivesIT {
    private static final List<String> SETTINGS = List.of("tcp_keepalives_idle", "tcp_keepalives_interval",
            "tcp_keepalives_count");

    @Test
    void aPgshiftSessionProbesASilentConnectionAndOthersKeepTheSystems(TestDatabase db) throws Exception {
        try (Connection c = Connections.open(db.url(), "pgshift-test")) {
            assertEquals(List.of("60", "15", "8"), shown(c), "set at the login, in its one statement");
            assertEquals("10s", show(c, "idle_in_transaction_session_timeout"));
        }
        try (Connection c = DriverManager.getConnection(db.url().jdbcUrl())) {
            assertNotEquals("60", shown(c).get(0), "a session not opened by pgshift keeps the system's keepalives");
        }
    }

    @Test
    void aShorterSettingOfTheDatabaseIsKeptALongerOneLowered(TestDatabase db) throws Exception {
        db.execute("ALTER DATABASE \"" + db.name() + "\" SET tcp_keepalives_idle = 20");
        db.execute("ALTER DATABASE \"" + db.name() + "\" SET tcp_keepalives_count = 20");
        try (Connection c = Connections.open(db.url(), "pgshift-test")) {
            assertEquals(List.of("20", "15", "8"), shown(c));
        } finally {
            db.execute("ALTER DATABASE \"" + db.name() + "\" RESET ALL");
        }
    }

    private static List<String> shown(Connection c) throws SQLException {
        List<String> values = new java.util.ArrayList<>();
        for (String setting : SETTINGS) {
            values.add(show(c, setting));
        }
        return values;
    }

    private static String show(Connection c, String setting) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
