package io.pgshift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code pgshift baseline}: records the live schema of a database taken over, changing nothing of the application's. */
@ExtendWith(PgDatabaseExtension.class)
class OpsBaselineIT {
    /** The application's schema: relations, columns, constraints, triggers outside pgshift's own schema. */
    private static final String FINGERPRINT = "SELECT md5(string_agg(x, ',' ORDER BY x)) FROM ("
            + " SELECT c.relname || ':' || a.attname || ':' || a.attnotnull || ':' || format_type(a.atttypid, a.atttypmod) AS x"
            + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0"
            + " WHERE n.nspname = 'public'"
            + " UNION ALL SELECT conname || ':' || convalidated FROM pg_constraint WHERE connamespace = 'public'::regnamespace) AS s";
    private static TestDatabase db;
    @TempDir
    Path dir;

    @BeforeAll
    static void createLms(TestDatabase database) {
        db = database;
        db.executeFile("scripts/sql/lms-schema.sql", Map.of());
        db.executeFile("scripts/sql/lms-data.sql", Map.of("rows", "50"));
    }

    private static Cli.Result record() {
        return Cli.run("baseline", "--database-url", db.jdbcUrlForChild(), "--actor", "ops");
    }

    @Test
    void recordsTheSchemaWithItsChecksumAndAuditsIt() throws Exception {
        Object before = db.queryValue(FINGERPRINT);
        var result = record();
        assertEquals(0, result.exitCode(), result.out() + result.err());
        assertEquals(before, db.queryValue(FINGERPRINT), "the application's schema is untouched");
        long id = db.queryLong("SELECT max(id) FROM pgshift.baseline");
        String checksum = (String) db.queryValue("SELECT checksum FROM pgshift.baseline WHERE id = " + id);
        assertTrue(result.out().contains("sha256 " + checksum), result.out());
        assertEquals("ops", db.queryValue("SELECT recorded_by FROM pgshift.baseline WHERE id = " + id));
        assertEquals(id, db.queryLong("SELECT (details->>'baseline')::bigint FROM pgshift.audit_log"
                + " WHERE action = 'BASELINE_RECORDED' ORDER BY id DESC LIMIT 1"));
    }

    @Test
    void showPrintsTheNewestBaselineIntactAsTextAndJson() throws Exception {
        record();
        var text = Cli.run("baseline", "show", "--database-url", db.jdbcUrlForChild());
        assertEquals(0, text.exitCode(), text.err());
        assertTrue(text.out().contains("(intact)"), text.out());
        assertTrue(text.out().contains("  users (id bigint, email text, name text, role text, theme text, created_at timestamp with time zone)"),
                text.out());
        var json = Cli.run("baseline", "show", "--database-url", db.jdbcUrlForChild(), "--format", "json");
        JsonNode root = new ObjectMapper().readTree(json.out());
        assertTrue(root.at("/intact").asBoolean());
        assertEquals("users_pkey", root.at("/snapshot/tables/users/indexes/0/name").asText());
        assertEquals("'student'::text", root.at("/snapshot/tables/users/columns/3/default").asText());
    }

    @Test
    void checkListsRequiredTablesAndColumnsMissingFromTheBaseline() throws Exception {
        record();
        Path ok = Files.writeString(dir.resolve("ok.yaml"), "name: ok\nrequires:\n  tables:\n    users: [id, theme]\n"
                + "expand:\n  - add_column: {table: users, column: x, type: text}\n");
        assertEquals(0, Cli.run("baseline", "check", ok.toString(), "--database-url", db.jdbcUrlForChild()).exitCode());
        Path missing = Files.writeString(dir.resolve("missing.yaml"), "name: missing\nrequires:\n  tables:\n"
                + "    users: [id, locale]\n    surveys: [id]\nexpand:\n  - add_column: {table: users, column: x, type: text}\n");
        var result = Cli.run("baseline", "check", missing.toString(), "--database-url", db.jdbcUrlForChild());
        assertEquals(11, result.exitCode(), result.out() + result.err());
        assertTrue(result.out().contains("missing column users.locale: absent from baseline"), result.out());
        assertTrue(result.out().contains("missing table surveys: absent from baseline"), result.out());
    }

    @Test
    void planWarnsAboutARequiredColumnCreatedOutsidePgshiftSinceTheBaseline() throws Exception {
        db.execute("CREATE TABLE surveys (id bigint PRIMARY KEY)");
        try {
            record();
            db.execute("ALTER TABLE surveys ADD COLUMN title text");
            Path file = Files.writeString(dir.resolve("s.yaml"), "name: s\nrequires:\n  tables:\n    surveys: [id, title]\n"
                    + "expand:\n  - add_column: {table: surveys, column: x, type: text}\n");
            var result = Cli.run("plan", file.toString(), "--database-url", db.jdbcUrlForChild());
            assertEquals(0, result.exitCode(), result.err());
            assertTrue(result.err().contains("pgshift: warning: requires column surveys.title: absent from baseline"), result.err());
        } finally {
            db.execute("DROP TABLE surveys");
        }
    }

    @Test
    void showWithoutABaselineSaysHowToRecordOne() {
        var result = Cli.run("baseline", "show", "--database-url", db.jdbcUrlForChild(), "--schema", "elsewhere");
        assertEquals(2, result.exitCode(), result.err());
        assertTrue(result.firstErrorLine().contains("pgshift baseline --schema elsewhere"), result.err());
    }
}
