package io.pgshift.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.db.DatabaseUrl;
import io.pgshift.error.ErrorCode;
import io.pgshift.error.PgshiftException;
import org.junit.jupiter.api.Test;

class TargetRefTest {
    @Test
    void parsesNameEqualsJdbcUrlWithParameters() {
        TargetRef t = TargetRef.parse("staging=jdbc:postgresql://db:5432/app?user=u&sslmode=require");
        assertEquals("staging", t.name());
        assertEquals("jdbc:postgresql://db:5432/app?user=u&sslmode=require", t.url().jdbcUrl());
    }

    @Test
    void aPlainUrlIsNamedAfterItsDatabase() {
        TargetRef t = TargetRef.parse("jdbc:postgresql://db/app?user=u");
        assertEquals("app", t.name());
    }

    @Test
    void aBareNameIsAUsageErrorShowingTheExpectedForm() {
        var e = assertThrows(PgshiftException.class, () -> TargetResolver.PAIRS.resolve("staging"));
        assertEquals(ErrorCode.USAGE, e.code());
        assertTrue(e.getMessage().contains("NAME=URL"), e.getMessage());
    }

    @Test
    void passwordNeverShows() {
        TargetRef t = TargetRef.parse("production=postgresql://admin:s3cret@db/app");
        assertFalse(t.toString().contains("s3cret"), t.toString());
    }

    @Test
    void pgEnvironmentCarriesThePasswordOutsideTheCommandLine() {
        var env = PgEnvironment.of(DatabaseUrl.parse("jdbc:postgresql://db.example:6543/app?user=ops&password=p%40ss&sslmode=require"));
        assertEquals("db.example", env.get("PGHOST"));
        assertEquals("6543", env.get("PGPORT"));
        assertEquals("app", env.get("PGDATABASE"));
        assertEquals("ops", env.get("PGUSER"));
        assertEquals("p@ss", env.get("PGPASSWORD"));
        assertEquals("require", env.get("PGSSLMODE"));
        var uri = PgEnvironment.of(DatabaseUrl.parse("postgresql://ops:pw@db/app"));
        assertEquals("5432", uri.get("PGPORT"));
        assertEquals("pw", uri.get("PGPASSWORD"));
    }
}
