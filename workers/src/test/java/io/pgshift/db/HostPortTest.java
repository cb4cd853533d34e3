package io.pgshift.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HostPortTest {
    @Test
    void aNameOrAnAddressWithOrWithoutItsPort() {
        assertEquals(new HostPort("db1", "5433"), HostPort.split("db1:5433", "5432"));
        assertEquals(new HostPort("db1", "5432"), HostPort.split("db1", "5432"));
        assertEquals(new HostPort("10.0.0.7", "6432"), HostPort.split("10.0.0.7:6432", "5432"));
    }

    @Test
    void anIpv6AddressTakesAPortOnlyInBrackets() {
        HostPort bracketed = HostPort.split("[::1]:5433", "5432");
        assertEquals(new HostPort("[::1]", "5433"), bracketed);
        assertEquals("::1", bracketed.bareHost());
        assertEquals(new HostPort("[fe80::1]", "5432"), HostPort.split("[fe80::1]", "5432"));
        assertEquals(new HostPort("fe80::1", "5432"), HostPort.split("fe80::1", "5432"), "its last colon is its own");
    }

    @Test
    void portsAreOneTo65535() {
        assertTrue(HostPort.isPort("1"));
        assertTrue(HostPort.isPort("65535"));
        assertFalse(HostPort.isPort("0"));
        assertFalse(HostPort.isPort("65536"));
        assertFalse(HostPort.isPort("54x"));
        assertFalse(HostPort.isPort(""));
    }
}
