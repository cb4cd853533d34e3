package io.pgshift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgshift.ops.SiblingDatabase;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The operations commands with {@code --config}: targets named as in the daemon's config, on two real databases. */
@ExtendWith(PgDatabaseExtension.class)
class OpsConfigTargetsIT {
    private static final String SECRET = "s3cret-never-printed";
    private static TestDatabase staging;
    private static SiblingDatabase production;
    private static String config;
    @TempDir
    static Path dir;

    @BeforeAll
    static void configureBoth(TestDatabase database) throws Exception {
        staging = database;
        production = SiblingDatabase.create(database, "prod");
        String table = "CREATE TABLE users (id bigint PRIMARY KEY, theme text)";
        staging.execute(table);
        production.execute(table);
        Path playbook = dir.resolve("prod-only.yaml");
        Files.writeString(playbook, "name: prod-only\nexpand:\n  - add_column: {table: users, column: b, type: text}\n");
        var applied = Cli.run("apply", playbook.toString(), "--database-url", production.jdbcUrl(), "--partitions", "1",
                "--threads", "2");
        assertEquals(0, applied.exitCode(), applied.out() + applied.err());
        Path secret = dir.resolve("production.password");
        Files.writeString(secret, SECRET + "\n");
        Path file = dir.resolve("pgshift.yaml");
        // the server trusts local connections, so the password is carried along but not checked
        Files.writeString(file, """
                targets:
                  staging:
                    url: %s
                  production:
                    url: %s
                    password_file: %s
                tokens:
                  - {name: ops, sha256: %s, roles: [viewer]}
                """.formatted(staging.jdbcUrlForChild(), production.jdbcUrl(), secret, "0".repeat(64)));
        config = file.toString();
    }

    @AfterAll
    static void dropProduction() {
        production.close();
    }

    @Test
    void schemaDiffTakesTheConfiguredNames() {
        var result = Cli.run("schema", "diff", "--from", "staging", "--to", "production", "--config", config);
        assertEquals(11, result.exitCode(), result.out() + result.err());
        assertTrue(result.out().startsWith("schema public: staging -> production"), result.out());
        assertTrue(result.out().contains("+ users.b text\n"), result.out());
        assertFalse(result.out().contains(SECRET), result.out());
    }

    @Test
    void statusOfAllTargetsFlagsThePlaybookAppliedInProductionOnly() {
        var result = Cli.run("status", "--all-targets", "--config", config);
        assertEquals(11, result.exitCode(), result.out() + result.err());
        String header = result.out().lines().findFirst().orElseThrow();
        assertTrue(header.indexOf("staging") < header.indexOf("production"), "the config's order: " + header);
        assertTrue(result.out().contains("DRIFT prod-only: applied in production but not in staging (absent)"), result.out());
    }

    @Test
    void targetsStatusWithoutTargetsReadsEveryConfiguredOneAndNeverPrintsThePassword() throws Exception {
        var result = Cli.run("targets", "status", "--config", config, "--format", "json");
        assertEquals(11, result.exitCode(), result.out() + result.err());
        JsonNode root = new ObjectMapper().readTree(result.out());
        assertEquals("production", root.at("/targets/1/name").asText());
        assertEquals("prod-only", root.at("/targets/1/playbooks/0/playbook").asText());
        assertFalse(result.out().contains(SECRET), result.out());
    }

    @Test
    void baselineRecordsAndShowsATargetByName() {
        var recorded = Cli.run("baseline", "--target", "staging", "--config", config, "--actor", "carol");
        assertEquals(0, recorded.exitCode(), recorded.out() + recorded.err());
        assertTrue(recorded.out().contains("of schema public in staging: 1 tables"), recorded.out());
        var shown = Cli.run("baseline", "show", "--target", "staging", "--config", config);
        assertEquals(0, shown.exitCode(), shown.out() + shown.err());
        assertTrue(shown.out().contains("by carol"), shown.out());
        assertTrue(shown.out().contains("(intact)"), shown.out());
    }

    @Test
    void anUnknownNameIsAUsageErrorListingTheConfiguredOnes() {
        var result = Cli.run("schema", "diff", "--from", "staging", "--to", "prod", "--config", config);
        assertEquals(2, result.exitCode(), result.out() + result.err());
        assertTrue(result.firstErrorLine().contains("unknown target 'prod'; the config names: staging, production"),
                result.err());
    }

    @Test
    void allTargetsWithoutAConfigIsAUsageError() {
        var result = Cli.run("status", "--all-targets");
        assertEquals(2, result.exitCode(), result.out() + result.err());
        assertTrue(result.firstErrorLine().contains("--all-targets needs the daemon's config"), result.err());
    }
}
