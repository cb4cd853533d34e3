package io.pgshift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

/** {@code pgshift targets status} over two real databases standing in for staging and production. */
@ExtendWith(PgDatabaseExtension.class)
class OpsTargetsStatusIT {
    private static TestDatabase staging;
    private static SiblingDatabase production;
    @TempDir
    static Path dir;

    @BeforeAll
    static void applySomePlaybooks(TestDatabase database) throws Exception {
        staging = database;
        production = SiblingDatabase.create(database, "prod");
        String table = "CREATE TABLE users (id bigint PRIMARY KEY, theme text)";
        staging.execute(table);
        production.execute(table);
        apply(staging.jdbcUrlForChild(), "both", "name: both\nexpand:\n  - add_column: {table: users, column: a, type: text}\n");
        apply(production.jdbcUrl(), "both", "name: both\nexpand:\n  - add_column: {table: users, column: a, type: text}\n");
        apply(production.jdbcUrl(), "prod-only", "name: prod-only\nexpand:\n  - add_column: {table: users, column: b, type: text}\n");
        apply(staging.jdbcUrlForChild(), "changed", "name: changed\nexpand:\n  - add_column: {table: users, column: c, type: text}\n");
        apply(production.jdbcUrl(), "changed", "name: changed\ndescription: edited after staging\n"
                + "expand:\n  - add_column: {table: users, column: c, type: text}\n");
    }

    @AfterAll
    static void dropProduction() {
        production.close();
    }

    private static void apply(String url, String name, String yaml) throws Exception {
        Path file = dir.resolve(name + "-" + Math.abs(url.hashCode()) + ".yaml");
        Files.writeString(file, yaml);
        var result = Cli.run("apply", file.toString(), "--database-url", url, "--partitions", "1", "--threads", "2");
        assertEquals(0, result.exitCode(), result.out() + result.err());
    }

    private Cli.Result status(String format) {
        return Cli.run("targets", "status", "--target", "staging=" + staging.jdbcUrlForChild(),
                "--target", "production=" + production.jdbcUrl(), "--format", format);
    }

    @Test
    void flagsAPlaybookAppliedInProductionButNotInStaging() {
        var result = status("text");
        assertEquals(11, result.exitCode(), result.out() + result.err());
        assertTrue(result.out().contains("DRIFT prod-only: applied in production but not in staging (absent)"), result.out());
        assertTrue(result.out().contains("DRIFT changed: applied with different content"), result.out());
        assertTrue(!result.out().contains("DRIFT both"), result.out());
    }

    @Test
    void jsonListsEveryTargetsPlaybooksWithChecksumsAndTheDrift() throws Exception {
        var result = status("json");
        assertEquals(11, result.exitCode(), result.err());
        JsonNode root = new ObjectMapper().readTree(result.out());
        assertEquals("staging", root.at("/targets/0/name").asText());
        assertEquals(2, root.at("/targets/0/playbooks").size());
        assertEquals(3, root.at("/targets/1/playbooks").size());
        assertEquals("APPLIED", root.at("/targets/1/playbooks/0/presence").asText());
        assertEquals(64, root.at("/targets/1/playbooks/0/checksum").asText().length());
        assertEquals(2, root.at("/drift").size());
    }

    @Test
    void aTargetWithTheSamePlaybooksAsItselfHasNoDrift() {
        var result = Cli.run("targets", "status", "--target", "a=" + staging.jdbcUrlForChild(),
                "--target", "b=" + staging.jdbcUrlForChild());
        assertEquals(0, result.exitCode(), result.out() + result.err());
        assertTrue(result.out().contains("no drift"), result.out());
    }

    @Test
    void aBareTargetNameIsAUsageError() {
        var result = Cli.run("targets", "status", "--target", "staging");
        assertEquals(2, result.exitCode());
        assertTrue(result.firstErrorLine().contains("NAME=URL"), result.err());
    }
}
