package io.pgshift.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DatabaseUrlTest {
    @Test
    void convertsLibpqUriToJdbcKeepingPasswordOutOfTheUrl() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://ops:s3cr%40t@db.example:6543/shop?sslmode=require");
        assertEquals("jdbc:postgresql://db.example:6543/shop?sslmode=require", url.jdbcUrl());
        assertEquals("ops", url.user());
        assertEquals("s3cr@t", url.password());
        assertFalse(url.toString().contains("s3cr"));
    }

    @Test
    void keepsJdbcFormAndSwapsDatabase() {
        DatabaseUrl url = DatabaseUrl.parse("jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");
        assertEquals("postgres", url.database());
        assertEquals("jdbc:postgresql://127.0.0.1:5432/demo?user=postgres", url.withDatabase("demo").jdbcUrl());
        assertEquals("127.0.0.1:5432", url.hosts());
        assertEquals("db1:5432,[::1]:5433", DatabaseUrl.parse("postgresql://ops@db1,[::1]:5433/shop").hosts());
    }

    @Test
    void rejectsOtherSchemesWithoutEchoingPassword() {
        var e = assertThrows(IllegalArgumentException.class, () -> DatabaseUrl.parse("mysql://u:pw@h/db"));
        assertFalse(e.getMessage().contains("pw@"));
    }

    @Test
    void keepsEveryHostOfALibpqUriAndItsCredentials() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://ops:pw@db1.example:5432,db2.example:5433,db3.example/shop"
                + "?target_session_attrs=read-write&connect_timeout=5&sslmode=require");
        assertEquals("jdbc:postgresql://db1.example:5432,db2.example:5433,db3.example:5432/shop"
                + "?targetServerType=primary&connectTimeout=5&sslmode=require", url.jdbcUrl());
        assertEquals("ops", url.user());
        assertEquals("pw", url.password());
        assertEquals("shop", url.database());
        assertEquals("jdbc:postgresql://db1.example:5432,db2.example:5433,db3.example:5432/scratch"
                + "?targetServerType=primary&connectTimeout=5&sslmode=require", url.withDatabase("scratch").jdbcUrl());
    }

    @Test
    void translatesLibpqSessionAttributesAndLoadBalancing() {
        assertEquals("jdbc:postgresql://a:5432,b:5432/db?targetServerType=preferSecondary&loadBalanceHosts=true",
                DatabaseUrl.parse("postgres://a,b/db?target_session_attrs=prefer-standby&load_balance_hosts=random").jdbcUrl());
        assertEquals("jdbc:postgresql://[::1]:6432,[2001:db8::5]:5432/db?targetServerType=secondary",
                DatabaseUrl.parse("postgresql://[::1]:6432,[2001:db8::5]/db?target_session_attrs=standby").jdbcUrl());
    }

    @Test
    void aLocalSocketAddressIsLocalhostAndAMissingDatabaseIsPostgres() {
        assertEquals("jdbc:postgresql://localhost:5432/postgres", DatabaseUrl.parse("postgresql://").jdbcUrl());
        DatabaseUrl url = DatabaseUrl.parse("postgresql://ops@/app");
        assertEquals("jdbc:postgresql://localhost:5432/app", url.jdbcUrl());
        assertEquals("ops", url.user());
    }

    @Test
    void refusesWhatTheDriverWouldIgnoreOrCannotReach() {
        var host = assertThrows(IllegalArgumentException.class,
                () -> DatabaseUrl.parse("postgresql:///app?host=/var/run/postgresql"));
        assertTrue(host.getMessage().contains("'host' in the query is not supported"), host.getMessage());
        var attrs = assertThrows(IllegalArgumentException.class,
                () -> DatabaseUrl.parse("postgresql://a,b/app?target_session_attrs=leader"));
        assertTrue(attrs.getMessage().contains("target_session_attrs must be one of"), attrs.getMessage());
        var port = assertThrows(IllegalArgumentException.class, () -> DatabaseUrl.parse("postgresql://u:pw@a:5432,b:x/app"));
        assertTrue(port.getMessage().contains("the port of 'b:x'"), port.getMessage());
        assertFalse(port.getMessage().contains("pw"));
    }
}
