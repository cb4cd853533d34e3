package io.pgshift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pgshift plan} against a real catalog: each way a playbook can fail to fit the database
 * gives exit 5, a precise first line naming the path, and leaves the database exactly as it was.
 */
@ExtendWith(PgDatabaseExtension.class)
class PlanCommandIT {
    /** Everything a plan could conceivably change: relations, columns, constraints, triggers. */
    private static final String SCHEMA_FINGERPRINT = "SELECT md5(string_agg(x, ',' ORDER BY x)) FROM ("
            + " SELECT c.relname || ':' || c.relkind::text || ':' || a.attname || ':' || a.attnotnull || ':' || format_type(a.atttypid, a.atttypmod) AS x"
            + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0"
            + " WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')"
            + " UNION ALL SELECT conname || ':' || convalidated FROM pg_constraint WHERE connamespace = 'public'::regnamespace"
            + " UNION ALL SELECT tgname FROM pg_trigger WHERE NOT tgisinternal) AS s";

    private static TestDatabase db;
    @TempDir
    Path dir;
    private String before;

    @BeforeAll
    static void createLms(TestDatabase database) {
        db = database;
        db.executeFile("scripts/sql/lms-schema.sql", Map.of());
        db.executeFile("scripts/sql/lms-data.sql", Map.of("rows", "500"));
        db.execute("CREATE TABLE audit_events (happened_at timestamptz, what text)");
        db.execute("CREATE INDEX users_theme_idx ON users (name)");
    }

    @BeforeEach
    void fingerprint() {
        before = (String) db.queryValue(SCHEMA_FINGERPRINT);
    }

    @AfterEach
    void databaseUntouched() {
        assertEquals(before, db.queryValue(SCHEMA_FINGERPRINT), "plan must not change the database");
    }

    private Cli.Result plan(String yaml) throws Exception {
        Path file = dir.resolve("p.yaml");
        Files.writeString(file, yaml);
        return Cli.run("plan", file.toString(), "--database-url", db.jdbcUrlForChild());
    }

    private static void assertRejected(Cli.Result result, String... fragments) {
        assertEquals(5, result.exitCode(), result.out() + result.err());
        for (String fragment : fragments) {
            assertTrue(result.err().contains(fragment), "missing '" + fragment + "' in:\n" + result.err());
        }
    }

    @Test
    void unknownTableIsRejected() throws Exception {
        assertRejected(plan("name: t\nexpand:\n  - add_column: {table: userz, column: x, type: text}\n"),
                "expand[0].add_column", "\"userz\"");
    }

    @Test
    void unknownColumnInContractIsRejected() throws Exception {
        assertRejected(plan("name: t\ncontract:\n  - set_not_null: {table: users, column: nickname}\n"),
                "contract[0].set_not_null", "\"nickname\"");
    }

    @Test
    void backfillOfATableWithoutKeyIsRejected() throws Exception {
        assertRejected(plan("name: t\nbackfill:\n  - table: audit_events\n    set: {what: \"coalesce(what, 'x')\"}\n"),
                "backfill[0]", "audit_events");
    }

    @Test
    void foreignKeyTypeMismatchIsRejected() throws Exception {
        assertRejected(plan("""
                name: t
                expand:
                  - add_column: {table: grades, column: grader_email, type: text}
                contract:
                  - add_foreign_key: {table: grades, columns: [grader_email], references: {table: users, columns: [id]}}
                """), "contract[0].add_foreign_key", "text", "bigint");
    }

    @Test
    void existingNameWithAnotherDefinitionIsRejected() throws Exception {
        assertRejected(plan("name: t\nexpand:\n  - add_column: {table: users, column: theme, type: integer}\n"),
                "expand[0].add_column", "theme");
        assertRejected(plan("name: t\nexpand:\n  - create_index: {table: users, columns: [email], name: users_theme_idx}\n"),
                "expand[0].create_index", "users_theme_idx");
    }

    @Test
    void missingRequirementIsRejected() throws Exception {
        assertRejected(plan("name: t\nrequires:\n  tables:\n    users: [id, locale]\nexpand:\n  - add_column: {table: users, column: x, type: text}\n"),
                "requires.tables.users", "locale");
    }

    @Test
    void everyProblemIsReportedAtOnce() throws Exception {
        var result = plan("name: t\nexpand:\n  - add_column: {table: userz, column: x, type: text}\n"
                + "contract:\n  - set_not_null: {table: users, column: nickname}\n");
        assertRejected(result, "expand[0].add_column", "contract[0].set_not_null");
    }

    @Test
    void aNotNullColumnWithAConstantDefaultIsPlannedCatalogOnlyAndMakesSetNotNullADoneStep() throws Exception {
        var result = plan("""
                name: t
                expand:
                  - add_column: {table: users, column: currency_code, type: text, not_null: true, default: "'EUR'"}
                contract:
                  - set_not_null: {table: users, column: currency_code}
                """);
        assertEquals(0, result.exitCode(), result.err());
        String out = result.out();
        String statement = "ALTER TABLE \"public\".\"users\" ADD COLUMN IF NOT EXISTS \"currency_code\" text DEFAULT 'EUR' NOT NULL";
        int at = out.indexOf(statement);
        assertTrue(at > 0, out);
        String lockLine = out.substring(out.lastIndexOf("lock ", at), at);
        assertTrue(lockLine.contains("catalog only, no scan, no rewrite"), out);
        assertTrue(out.contains("add column users.currency_code text default 'EUR' not null   (expand[0].add_column)"), out);
        assertTrue(out.contains("(contract[0].set_not_null)   already applied: will be skipped"), out);
    }

    @Test
    void aNotNullColumnWithANullDefaultIsRefusedByLint() throws Exception {
        var result = plan("name: t\nexpand:\n  - add_column: {table: users, column: currency_code, type: text,"
                + " not_null: true, default: \"NULL\"}\n");
        assertEquals(4, result.exitCode(), result.out() + result.err());
        assertTrue((result.out() + result.err()).contains("[expand-not-null-column]"), result.out() + result.err());
    }

    @Test
    void aFittingPlaybookPlansEveryPhaseWithLocksAndEstimates() throws Exception {
        var result = plan("""
                name: t
                expand:
                  - add_column: {table: users, column: locale, type: text}
                backfill:
                  - table: users
                    set: {locale: "'en'"}
                contract:
                  - set_default: {table: users, column: locale, default: "'en'"}
                  - set_not_null: {table: users, column: locale}
                """);
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().contains("EXPAND") && result.out().contains("BACKFILL") && result.out().contains("CONTRACT"));
        assertTrue(result.out().contains("lock ACCESS EXCLUSIVE on users"), result.out());
        assertTrue(result.out().contains("estimate: ~500 rows in ~1 batches"), result.out());
        assertTrue(result.out().contains("VALIDATE CONSTRAINT \"users_locale_not_null\""), result.out());
    }
}
