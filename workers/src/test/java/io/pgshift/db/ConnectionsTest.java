package io.pgshift.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.time.Duration;
import java.util.Properties;
import jdk.net.ExtendedSocketOptions;
import org.junit.jupiter.api.Test;

/** Every connection pgshift opens gets its timeouts and keepalive, whoever opens it. */
class ConnectionsTest {
    @Test
    void everyConnectionHasAConnectTimeoutASocketTimeoutAndKeepalive() {
        Properties p = Connections.properties(DatabaseUrl.parse("postgresql://ann:secret@db:5433/app"), "pgshift-x",
                Duration.ofSeconds(30));
        assertEquals("10", p.getProperty("connectTimeout"));
        assertEquals("30", p.getProperty("socketTimeout"));
        assertEquals("true", p.getProperty("tcpKeepAlive"));
        assertEquals(KeepAliveSocketFactory.class.getName(), p.getProperty("socketFactory"));
        assertEquals("pgshift-x", p.getProperty("ApplicationName"));
        assertEquals("ann", p.getProperty("user"));
        assertEquals("secret", p.getProperty("password"));
        assertEquals("primary", p.getProperty("targetServerType"), "a standby takes no writes: waited out, not settled on");
    }

    @Test
    void aSocketTimeoutUnderASecondIsRoundedUpNotTurnedOff() {
        Properties p = Connections.properties(DatabaseUrl.parse("jdbc:postgresql://db/app"), "pgshift-x",
                Duration.ofMillis(1500));
        assertEquals("2", p.getProperty("socketTimeout"), "pgJDBC takes seconds, and 0 would mean none");
        assertEquals("1", Connections.properties(DatabaseUrl.parse("jdbc:postgresql://db/app"), "pgshift-x",
                Duration.ofMillis(1)).getProperty("socketTimeout"));
    }

    @Test
    void keepaliveProbesADeadPeerWithinAMinuteWhereThePlatformAllows() throws Exception {
        try (Socket s = new KeepAliveSocketFactory().createSocket()) {
            assertTrue(s.getKeepAlive());
            if (s.supportedOptions().contains(ExtendedSocketOptions.TCP_KEEPIDLE)) {
                assertEquals(30, s.getOption(ExtendedSocketOptions.TCP_KEEPIDLE));
                assertEquals(10, s.getOption(ExtendedSocketOptions.TCP_KEEPINTERVAL));
                assertEquals(3, s.getOption(ExtendedSocketOptions.TCP_KEEPCOUNT));
            }
        }
    }
}
