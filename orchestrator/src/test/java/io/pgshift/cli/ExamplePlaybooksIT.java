package io.pgshift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.RepoFiles;
import io.pgshift.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every example playbook is linted clean, planned against a database shaped like its scenario
 * (the LMS users and grades tables), and its plan's SQL script is run with psql twice: the
 * second run must change nothing, and the data must be exactly as the playbook says.
 */
@ExtendWith(PgDatabaseExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExamplePlaybooksIT {
    private static final int USERS = 3000;
    private static TestDatabase db;
    @TempDir
    static Path tmp;

    @BeforeAll
    static void createLms(TestDatabase database) {
        db = database;
        db.executeFile("scripts/sql/lms-schema.sql", Map.of());
        db.executeFile("scripts/sql/lms-data.sql", Map.of("rows", String.valueOf(USERS)));
    }

    @Test
    @Order(0)
    void everyExampleLintsClean() {
        var result = Cli.run("lint", "--strict", RepoFiles.path("playbooks/001-school-classes.yaml").toString(),
                RepoFiles.path("playbooks/002-users-preferences.yaml").toString(),
                RepoFiles.path("playbooks/003-unique-email.yaml").toString(),
                RepoFiles.path("playbooks/004-grades-score-range.yaml").toString(),
                RepoFiles.path("playbooks/005-widen-course-ids.yaml").toString());
        assertEquals(0, result.exitCode(), result.out() + result.err());
    }

    @Test
    @Order(1)
    void schoolClassesMovesStudentsToTheDefaultClassAndAddsTheForeignKey() throws Exception {
        applyScriptTwice("001-school-classes.yaml");
        assertEquals(1, db.queryLong("SELECT count(*) FROM school_classes WHERE name = 'Kelas Umum'"));
        assertEquals(0, db.queryLong("SELECT count(*) FROM users WHERE role = 'student' AND school_class_id IS NULL"));
        assertEquals(0, db.queryLong("SELECT count(*) FROM users WHERE role <> 'student' AND school_class_id IS NOT NULL"));
        assertEquals("f|true|n", db.queryValue("SELECT contype::text || '|' || convalidated::text || '|' || confdeltype::text"
                + " FROM pg_constraint WHERE conname = 'users_school_class_id_fkey'"));
        assertEquals(1, db.queryLong("SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'pgshift_sync%'"),
                "the script keeps the sync trigger for writers that omit the column, as a run retains it");
        assertEquals(USERS, db.queryLong("SELECT count(*) FROM users"), "the user count did not change");
    }

    @Test
    @Order(2)
    void usersPreferencesIsFilledFromThemeAndRequired() throws Exception {
        applyScriptTwice("002-users-preferences.yaml");
        assertEquals(0, db.queryLong("SELECT count(*) FROM users WHERE preferences IS DISTINCT FROM"
                + " jsonb_build_object('theme', coalesce(theme, 'light'))"));
        assertEquals(true, db.queryValue("SELECT attnotnull FROM pg_attribute WHERE attrelid = 'users'::regclass"
                + " AND attname = 'preferences'"));
        assertEquals(0, db.queryLong("SELECT count(*) FROM pg_constraint WHERE conname = 'users_preferences_not_null'"),
                "the temporary check is dropped");
        db.execute("INSERT INTO users (email, name) VALUES ('new@example.com', 'New')");
        assertEquals("{}", db.queryValue("SELECT preferences::text FROM users WHERE email = 'new@example.com'"));
        db.execute("DELETE FROM users WHERE email = 'new@example.com'");
    }

    @Test
    @Order(3)
    void uniqueEmailBecomesAConstraintBackedByAConcurrentIndex() throws Exception {
        applyScriptTwice("003-unique-email.yaml");
        assertEquals(1, db.queryLong("SELECT count(*) FROM pg_constraint WHERE conname = 'users_email_key' AND contype = 'u'"));
        assertEquals(true, db.queryValue("SELECT indisvalid FROM pg_index WHERE indexrelid = 'users_email_key'::regclass"));
    }

    @Test
    @Order(4)
    void gradesAreClampedAndTheRangeCheckValidated() throws Exception {
        long grades = db.queryLong("SELECT count(*) FROM grades");
        assertTrue(db.queryLong("SELECT count(*) FROM grades WHERE score NOT BETWEEN 0 AND 100") > 0, "fixture has outliers");
        applyScriptTwice("004-grades-score-range.yaml");
        assertEquals(0, db.queryLong("SELECT count(*) FROM grades WHERE score NOT BETWEEN 0 AND 100"));
        assertEquals(true, db.queryValue("SELECT convalidated FROM pg_constraint WHERE conname = 'grades_score_range'"));
        assertEquals(grades, db.queryLong("SELECT count(*) FROM grades"));
    }

    @Test
    @Order(5)
    void planOfAnAppliedPlaybookMarksItsStepsAlreadyApplied() throws Exception {
        var result = Cli.run("plan", RepoFiles.path("playbooks/002-users-preferences.yaml").toString(),
                "--database-url", db.jdbcUrlForChild(), "--format", "json");
        assertEquals(0, result.exitCode(), result.err());
        JsonNode plan = new ObjectMapper().readTree(result.out());
        JsonNode first = plan.get("steps").get(0);
        assertEquals("expand[0].add_column", first.get("path").asText());
        assertTrue(first.get("already_applied").asBoolean());
        assertEquals("ACCESS EXCLUSIVE", first.get("statements").get(0).get("lock").asText());
    }

    /** Plans the playbook as a psql script, runs it, runs it again (idempotence), and checks both succeed. */
    private static void applyScriptTwice(String playbook) throws Exception {
        var plan = Cli.run("plan", RepoFiles.path("playbooks/" + playbook).toString(), "--database-url",
                db.jdbcUrlForChild(), "--format", "sql");
        assertEquals(0, plan.exitCode(), plan.err());
        assertTrue(plan.out().contains("SET lock_timeout = '500ms';"), plan.out());
        Path script = tmp.resolve(playbook + ".sql");
        Files.writeString(script, plan.out());
        var first = Psql.runFile(db.libpqUri(), script);
        assertEquals(0, first.exitCode(), first.output());
        var second = Psql.runFile(db.libpqUri(), script);
        assertEquals(0, second.exitCode(), "re-running the script must be a no-op:\n" + second.output());
    }
}
