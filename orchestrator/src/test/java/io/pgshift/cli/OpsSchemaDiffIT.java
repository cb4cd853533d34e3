package io.pgshift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgshift.ops.SiblingDatabase;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code pgshift schema diff} between two real databases: staging has moved ahead of production. */
@ExtendWith(PgDatabaseExtension.class)
class OpsSchemaDiffIT {
    private static final String COMMON = """
            CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, theme text DEFAULT 'light');
            CREATE TABLE grades (id bigint PRIMARY KEY, student_id bigint NOT NULL REFERENCES users (id), score int);
            """;
    private static TestDatabase staging;
    private static SiblingDatabase production;

    @BeforeAll
    static void createBoth(TestDatabase database) {
        staging = database;
        production = SiblingDatabase.create(database, "prod");
        staging.execute(COMMON + """
                ALTER TABLE users ADD COLUMN locale text;
                ALTER TABLE users ALTER COLUMN theme DROP DEFAULT;
                CREATE UNIQUE INDEX users_email_key ON users (email);
                ALTER TABLE grades ADD CONSTRAINT grades_score_check CHECK (score BETWEEN 0 AND 100) NOT VALID;
                CREATE TABLE only_in_staging (id int);
                """);
        production.execute(COMMON);
    }

    @AfterAll
    static void dropProduction() {
        production.close();
    }

    private static Cli.Result diff(String... extra) {
        List<String> args = new ArrayList<>(List.of("schema", "diff", "--from", "production=" + production.jdbcUrl(),
                "--to", "staging=" + staging.jdbcUrlForChild()));
        args.addAll(List.of(extra));
        return Cli.run(args.toArray(String[]::new));
    }

    @Test
    void printsEachDifferenceReadablyAndExitsEleven() {
        var result = diff();
        assertEquals(11, result.exitCode(), result.out() + result.err());
        for (String line : List.of("+ users.locale text", "~ users.theme: default 'light'::text -> none",
                "+ index users_email_key on users: CREATE UNIQUE INDEX users_email_key ON public.users USING btree (email)",
                "+ constraint grades_score_check on grades: CHECK (((score >= 0) AND (score <= 100))) NOT VALID",
                "+ table only_in_staging")) {
            assertTrue(result.out().contains(line + "\n"), "missing '" + line + "' in:\n" + result.out());
        }
    }

    @Test
    void jsonListsTheDifferencesWithTheirKindAndBothSides() throws Exception {
        var result = diff("--format", "json", "--tables", "users");
        assertEquals(11, result.exitCode(), result.err());
        JsonNode root = new ObjectMapper().readTree(result.out());
        assertEquals("production", root.at("/from/name").asText());
        assertEquals(false, root.at("/equal").asBoolean());
        assertEquals(1, root.at("/tables_compared").asInt());
        JsonNode theme = null;
        for (JsonNode d : root.at("/differences")) {
            if (d.at("/name").asText().equals("theme")) {
                theme = d;
            }
        }
        assertEquals("CHANGED", theme.at("/change").asText());
        assertEquals("COLUMN", theme.at("/kind").asText());
        assertEquals("default", theme.at("/property").asText());
        assertEquals("'light'::text", theme.at("/from").asText());
        assertTrue(theme.at("/to").isNull());
        assertEquals(3, root.at("/differences").size(), result.out());
    }

    @Test
    void equalSchemasExitZero() {
        var result = Cli.run("schema", "diff", "--from", "a=" + production.jdbcUrl(), "--to", "b=" + production.jdbcUrl());
        assertEquals(0, result.exitCode(), result.out() + result.err());
        assertTrue(result.out().contains("no differences"), result.out());
    }

    @Test
    void tablesNotInTheSchemaOptionAreNotCompared() {
        var result = diff("--schema", "pgshift");
        assertEquals(0, result.exitCode(), result.out() + result.err());
    }
}
