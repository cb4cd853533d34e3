package io.pgshift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgshift.ops.SiblingDatabase;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code pgshift schema diff} compares the privileges on the tables and the settings of a run
 * between two real databases of one server, whose schemas are the same.
 */
@ExtendWith(PgDatabaseExtension.class)
class SchemaDiffGrantsAndSettingsIT {
    private static final String USERS = "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL)";
    /** Undoes what a test granted or set: creating databases per test would take most of the time. */
    private static final String RESET = "REVOKE ALL ON users FROM PUBLIC; REVOKE ALL (email) ON users FROM PUBLIC;"
            + " ALTER DATABASE \"%s\" RESET ALL";
    private static SiblingDatabase staging;
    private static SiblingDatabase production;

    @BeforeAll
    static void createBoth(TestDatabase database) {
        staging = SiblingDatabase.create(database, "stg");
        production = SiblingDatabase.create(database, "prd");
        staging.execute(USERS);
        production.execute(USERS);
    }

    @AfterEach
    void resetBoth() {
        staging.execute(RESET.formatted(staging.name()));
        production.execute(RESET.formatted(production.name()));
    }

    @AfterAll
    static void dropBoth() {
        staging.close();
        production.close();
    }

    private static Cli.Result diff(String... extra) {
        List<String> args = new ArrayList<>(List.of("schema", "diff", "--from", "production=" + production.jdbcUrl(),
                "--to", "staging=" + staging.jdbcUrl()));
        args.addAll(List.of(extra));
        return Cli.run(args.toArray(String[]::new));
    }

    @Test
    void sameTablesSameGrantsSameSettingsAreEqual() {
        var result = diff();
        assertEquals(0, result.exitCode(), result.out() + result.err());
        assertTrue(result.out().contains("no differences"), result.out());
    }

    @Test
    void aGrantOnOneSideOnlyIsDrift() throws Exception {
        staging.execute("GRANT SELECT ON users TO PUBLIC; GRANT UPDATE (email) ON users TO PUBLIC");
        var result = diff();
        assertEquals(11, result.exitCode(), result.out() + result.err());
        assertTrue(result.out().contains("+ grant SELECT on users to PUBLIC\n"), result.out());
        assertTrue(result.out().contains("+ grant UPDATE (email) on users to PUBLIC\n"), result.out());
        // the owner's implicit privileges, explicit on staging since its GRANT, are not a difference
        assertFalse(result.out().contains("to postgres"), result.out());

        JsonNode root = new ObjectMapper().readTree(diff("--format", "json").out());
        assertTrue(root.at("/drift").asBoolean());
        JsonNode first = root.at("/differences/0");
        assertEquals("ADDED", first.at("/change").asText());
        assertEquals("PRIVILEGE", first.at("/kind").asText());
        assertEquals("users", first.at("/table").asText());
        assertTrue(first.at("/drift").asBoolean());
    }

    @Test
    void aGrantOptionOnOneSideOnlyIsAChangedPrivilege() {
        staging.execute("GRANT SELECT ON users TO PUBLIC");
        production.execute("GRANT SELECT ON users TO PUBLIC");
        assertEquals(0, diff().exitCode());
        staging.execute("CREATE ROLE " + role() + "; GRANT INSERT ON users TO " + role() + " WITH GRANT OPTION");
        production.execute("GRANT INSERT ON users TO " + role());
        try {
            var result = diff();
            assertEquals(11, result.exitCode(), result.out() + result.err());
            assertTrue(result.out().contains("~ grant INSERT on users to " + role()
                    + ": grant option without -> with grant option\n"), result.out());
        } finally {
            staging.execute("DROP OWNED BY " + role());
            production.execute("DROP OWNED BY " + role() + "; DROP ROLE " + role());
        }
    }

    @Test
    void aDatabaseLevelLockTimeoutIsReportedAsAWarningNotDrift() throws Exception {
        production.execute("ALTER DATABASE \"" + production.name() + "\" SET lock_timeout = '3s'");
        var result = diff();
        assertEquals(0, result.exitCode(), result.out() + result.err());
        assertTrue(result.out().contains("~ setting lock_timeout: 3s -> 0 (warning, not drift)\n"), result.out());
        assertTrue(result.out().contains("1 differences (1 settings: warnings, not drift)"), result.out());

        var json = diff("--format", "json");
        JsonNode root = new ObjectMapper().readTree(json.out());
        assertFalse(root.at("/equal").asBoolean());
        assertFalse(root.at("/drift").asBoolean());
        JsonNode setting = root.at("/differences/0");
        assertEquals("SETTING", setting.at("/kind").asText());
        assertEquals("lock_timeout", setting.at("/name").asText());
        assertEquals("3s", setting.at("/from").asText());
        assertEquals("0", setting.at("/to").asText());
        assertFalse(setting.at("/drift").asBoolean());
    }

    @Test
    void aSettingDifferenceNextToAGrantStillExitsEleven() {
        staging.execute("ALTER DATABASE \"" + staging.name() + "\" SET maintenance_work_mem = '256MB';"
                + " GRANT SELECT ON users TO PUBLIC");
        var result = diff();
        assertEquals(11, result.exitCode(), result.out() + result.err());
        assertTrue(result.out().contains("~ setting maintenance_work_mem: "), result.out());
    }

    /** Roles are the server's, not the database's: one name per database pair, so parallel runs do not meet. */
    private static String role() {
        return "pgshift_diff_" + Integer.toHexString(staging.name().hashCode() & 0xffffff);
    }
}
