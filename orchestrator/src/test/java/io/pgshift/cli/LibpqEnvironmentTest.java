package io.pgshift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pgshift.db.DatabaseUrl;
import io.pgshift.error.ErrorCode;
import io.pgshift.error.PgshiftException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** libpq's PG* variables as the target when no URL is given, with libpq's defaults. */
class LibpqEnvironmentTest {
    private static DatabaseUrl resolve(Map<String, String> env) {
        return LibpqEnvironment.resolve(env, "alice").orElseThrow();
    }

    @Test
    void nothingSetIsNoTarget() {
        assertTrue(LibpqEnvironment.resolve(Map.of("HOME", "/root", "PGHOST", " "), "alice").isEmpty());
    }

    @Test
    void everyVariableFindsItsPlace() {
        DatabaseUrl url = resolve(Map.of("PGHOST", "db.internal", "PGPORT", "6432", "PGUSER", "app",
                "PGPASSWORD", "s3cret", "PGDATABASE", "shop", "PGSSLMODE", "verify-full"));
        assertEquals("jdbc:postgresql://db.internal:6432/shop?sslmode=verify-full", url.jdbcUrl());
        assertEquals("app", url.user());
        assertEquals("s3cret", url.password());
        assertEquals("shop", url.database());
    }

    @Test
    void libpqDefaultsFillTheGaps() {
        // only the password: localhost, 5432, the OS user, a database named after the user
        DatabaseUrl url = resolve(Map.of("PGPASSWORD", "pw"));
        assertEquals("jdbc:postgresql://localhost:5432/alice", url.jdbcUrl());
        assertEquals("alice", url.user());
        assertEquals("app", resolve(Map.of("PGUSER", "app")).database());
    }

    @Test
    void aSocketDirectoryBecomesLocalhost() {
        assertEquals("jdbc:postgresql://localhost:5433/alice",
                resolve(Map.of("PGHOST", "/var/run/postgresql", "PGPORT", "5433")).jdbcUrl());
    }

    @Test
    void hostListsPairWithPortsOrShareOne() {
        assertEquals("jdbc:postgresql://a:5432,b:5433/alice", resolve(Map.of("PGHOST", "a,b", "PGPORT", "5432,5433")).jdbcUrl());
        assertEquals("jdbc:postgresql://a:6000,b:6000/alice", resolve(Map.of("PGHOST", "a,b", "PGPORT", "6000")).jdbcUrl());
    }

    @Test
    void aClusterAsPsqlReachesItsPrimary() {
        DatabaseUrl url = resolve(Map.of("PGHOST", "db1,db2,::1", "PGPORT", "5432", "PGTARGETSESSIONATTRS", "read-write",
                "PGCONNECT_TIMEOUT", "4", "PGSSLMODE", "require"));
        assertEquals("jdbc:postgresql://db1:5432,db2:5432,[::1]:5432/alice?sslmode=require&targetServerType=primary"
                + "&connectTimeout=4", url.jdbcUrl());
    }

    @Test
    void thePasswordNeverShowsInTheAddress() {
        DatabaseUrl url = resolve(Map.of("PGHOST", "db", "PGPASSWORD", "hunter2"));
        assertFalse(url.toString().contains("hunter2"), url.toString());
        assertFalse(url.jdbcUrl().contains("hunter2"), url.jdbcUrl());
    }

    @Test
    void badPortOrSslModeIsAUsageErrorNamingTheVariable() {
        PgshiftException port = assertThrows(PgshiftException.class, () -> resolve(Map.of("PGPORT", "54x2")));
        assertEquals(ErrorCode.USAGE, port.code());
        assertTrue(port.getMessage().startsWith("PGPORT must be a port number"), port.getMessage());
        PgshiftException ssl = assertThrows(PgshiftException.class, () -> resolve(Map.of("PGSSLMODE", "always")));
        assertTrue(ssl.getMessage().startsWith("PGSSLMODE must be one of disable, allow"), ssl.getMessage());
        assertThrows(PgshiftException.class, () -> resolve(Map.of("PGHOST", "a,b,c", "PGPORT", "1,2")));
        PgshiftException attrs = assertThrows(PgshiftException.class, () -> resolve(Map.of("PGTARGETSESSIONATTRS", "leader")));
        assertEquals("PGTARGETSESSIONATTRS must be one of any, prefer-standby, primary, read-only, read-write, standby,"
                + " got 'leader'", attrs.getMessage());
        assertThrows(PgshiftException.class, () -> resolve(Map.of("PGCONNECT_TIMEOUT", "ten")));
    }

    @Test
    void withoutAnyVariableTheErrorNamesThem() {
        // this JVM's environment has no PG* variable (CI and the test machines): the fallback's own error
        assumeTrue(LibpqEnvironment.VARIABLES.stream().noneMatch(v -> System.getenv(v) != null)
                && System.getenv(DatabaseOptions.ENV) == null, "a PG* variable is set here");
        PgshiftException e = assertThrows(PgshiftException.class, () -> DatabaseOptions.resolve((String) null));
        assertEquals(ErrorCode.USAGE, e.code());
        assertTrue(e.getMessage().contains("--database-url") && e.getMessage().contains("PGHOST"), e.getMessage());
    }
}
