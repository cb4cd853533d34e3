package io.pgshift.engine;

import static io.pgshift.engine.EngineFixture.apply;
import static io.pgshift.engine.EngineFixture.assertExitCode;
import static io.pgshift.engine.EngineFixture.audited;
import static io.pgshift.engine.EngineFixture.cli;
import static io.pgshift.engine.EngineFixture.runId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.cli.Cli;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.RepoFiles;
import io.pgshift.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every example playbook applied end to end by {@code pgshift apply} while the old application
 * keeps inserting and updating rows of the same table: no write fails, constraints end up
 * validated, the data is what the playbook says, and applying again changes nothing.
 *
 * <p>The sync trigger is retained after contract (the old application still omits the column),
 * but a {@code set_default} makes inserts that omit the column get the default rather than NULL
 * (so the trigger, which fills NULLs, leaves them). So rows the writers touched before the first
 * contract step must be exact, and rows touched later must be exact or hold what the old
 * application's write gives them. Once the writers stopped, cleanup drops the trigger.
 */
@ExtendWith(PgDatabaseExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApplyExamplesIT {
    private static final int USERS = 5000;
    private static final int WRITERS = 2;
    private static TestDatabase db;
    @TempDir
    static Path tmp;

    @BeforeAll
    static void createLms(TestDatabase database) {
        db = database;
        db.executeFile("scripts/sql/lms-schema.sql", Map.of());
        db.executeFile("scripts/sql/lms-data.sql", Map.of("rows", String.valueOf(USERS)));
        // when the application last wrote a row: the seed rows long ago, the writers' rows as they go
        db.execute("ALTER TABLE users ADD COLUMN touched_at timestamptz NOT NULL DEFAULT '2000-01-01'");
        db.executeFile("scripts/sql/lms-courses.sql", Map.of());
    }

    @Test
    @Order(1)
    void schoolClassesPutsEveryStudentInTheDefaultClassWhileTheApplicationWrites() throws Exception {
        Applied run = applyWhileWriting(RepoFiles.path("playbooks/001-school-classes.yaml"), "school-classes",
                Writers.Target.USERS);
        long umum = db.queryLong("SELECT id FROM school_classes WHERE name = 'Kelas Umum'");
        assertEquals(1, db.queryLong("SELECT count(*) FROM school_classes"));
        assertEquals(0, db.queryLong("SELECT count(*) FROM users WHERE role = 'student' AND school_class_id IS DISTINCT FROM "
                + umum + " AND touched_at < " + run.contractStart()), () -> "students written before contract are in Kelas Umum: "
                + db.queryValue("SELECT string_agg(id || ':' || coalesce(school_class_id::text, 'null') || '@' || touched_at"
                + " || ' seed=' || (touched_at < '2001-01-01'), ', ') FROM (SELECT * FROM users WHERE role = 'student'"
                + " AND school_class_id IS DISTINCT FROM " + umum + " ORDER BY id LIMIT 20) x") + " steps: "
                + db.queryValue("SELECT string_agg(ordinal || ' ' || kind || ' ' || state || ' ' || started_at || '..'"
                + " || finished_at, E'\n') FROM pgshift.step WHERE run_id = " + run.runId()) + "\nbackfill: "
                + db.queryValue("SELECT string_agg(partition_no || ' ' || coalesce(lower_key::text,'-') || '..' ||"
                + " coalesce(upper_key::text,'-') || ' scanned ' || rows_scanned || ' written ' || rows_written, E'\n')"
                + " FROM pgshift.backfill_partition"));
        assertEquals(0, db.queryLong("SELECT count(*) FROM users WHERE role = 'student'"
                + " AND school_class_id IS NOT NULL AND school_class_id <> " + umum), "no student in another class");
        assertEquals(0, db.queryLong("SELECT count(*) FROM users WHERE role <> 'student' AND school_class_id IS NOT NULL"));
        assertEquals("f|true|n", db.queryValue("SELECT contype::text || '|' || convalidated::text || '|' || confdeltype::text"
                + " FROM pg_constraint WHERE conname = 'users_school_class_id_fkey'"));
        assertEquals(1, db.queryLong("SELECT count(*) FROM pg_index WHERE indexrelid = 'users_school_class_id_idx'::regclass"
                + " AND indisvalid"));
        run.assertCommon();
    }

    @Test
    @Order(2)
    void usersPreferencesIsFilledFromThemeAndRequiredWhileTheApplicationWrites() throws Exception {
        // The example fills preferences only in a night window (Asia/Baku), which would make this
        // test wait for the night: apply a copy of it with the schedule line removed.
        String yaml = Files.readString(RepoFiles.path("playbooks/002-users-preferences.yaml"));
        String withoutWindow = yaml.lines().filter(l -> !l.strip().startsWith("schedule:"))
                .collect(Collectors.joining("\n", "", "\n"));
        assertTrue(yaml.length() > withoutWindow.length(), "the example has a schedule to remove");
        Applied run = applyWhileWriting(EngineFixture.write(tmp, "002-users-preferences.yaml", withoutWindow),
                "users-preferences", Writers.Target.USERS);
        String wrong = "preferences IS DISTINCT FROM jsonb_build_object('theme', coalesce(theme, 'light'))";
        assertEquals(0, db.queryLong("SELECT count(*) FROM users WHERE " + wrong + " AND touched_at < " + run.contractStart()),
                "every row written before contract holds the value computed from its theme");
        assertEquals(0, db.queryLong("SELECT count(*) FROM users WHERE preferences IS NULL"));
        assertEquals(true, db.queryValue("SELECT attnotnull FROM pg_attribute WHERE attrelid = 'users'::regclass"
                + " AND attname = 'preferences'"));
        assertEquals(0, db.queryLong("SELECT count(*) FROM pg_constraint WHERE conname = 'users_preferences_not_null'"),
                "the temporary check is dropped");
        run.assertCommon();
    }

    @Test
    @Order(3)
    void uniqueEmailBecomesAConstraintWhileTheApplicationWrites() throws Exception {
        Applied run = applyWhileWriting(RepoFiles.path("playbooks/003-unique-email.yaml"), "unique-email",
                Writers.Target.USERS);
        assertEquals(1, db.queryLong("SELECT count(*) FROM pg_constraint WHERE conname = 'users_email_key' AND contype = 'u'"));
        assertEquals(true, db.queryValue("SELECT indisvalid FROM pg_index WHERE indexrelid = 'users_email_key'::regclass"));
        assertEquals(0, db.queryLong("SELECT count(*) FROM (SELECT email FROM users GROUP BY email HAVING count(*) > 1) d"));
        run.assertCommon();
    }

    @Test
    @Order(4)
    void gradesAreClampedAndTheRangeCheckValidatedWhileTheApplicationWrites() throws Exception {
        assertTrue(db.queryLong("SELECT count(*) FROM grades WHERE score NOT BETWEEN 0 AND 100") > 0, "fixture has outliers");
        Applied run = applyWhileWriting(RepoFiles.path("playbooks/004-grades-score-range.yaml"), "grades-score-range",
                Writers.Target.GRADES);
        assertEquals(0, db.queryLong("SELECT count(*) FROM grades WHERE score NOT BETWEEN 0 AND 100"));
        assertEquals(true, db.queryValue("SELECT convalidated FROM pg_constraint WHERE conname = 'grades_score_range'"));
        run.assertCommon();
    }

    @Test
    @Order(5)
    void courseIdsAreWidenedToBigintWhileTheApplicationEnrollsStudents() throws Exception {
        long enrollmentsBefore = db.queryLong("SELECT count(*) FROM enrollments");
        AppWriter app = AppWriter.start(db, "app", 2, java.util.List.of(
                (c, random) -> {
                    try (var ps = c.prepareStatement("WITH c AS (INSERT INTO courses (title) VALUES ('New course')"
                            + " RETURNING id) INSERT INTO enrollments (course_id, student_id) SELECT id, ? FROM c")) {
                        ps.setLong(1, 1 + random.nextInt(19));
                        ps.executeUpdate();
                    }
                },
                (c, random) -> {
                    try (var ps = c.prepareStatement("UPDATE enrollments SET course_id = ? WHERE id = ?")) {
                        ps.setInt(1, 1 + random.nextInt(200));
                        ps.setLong(2, 1 + random.nextInt(1000));
                        ps.executeUpdate();
                    }
                }));
        Cli.Result result;
        try {
            app.awaitWrites(20);
            result = apply(db, RepoFiles.path("playbooks/005-widen-course-ids.yaml"));
            app.awaitWrites(20);
        } finally {
            app.close();
        }
        assertExitCode(0, result);
        assertEquals(java.util.List.of(), app.errors(), "the application's writes never failed");
        assertEquals("bigint|bigint", db.queryValue("SELECT (SELECT format_type(atttypid, atttypmod) FROM pg_attribute"
                + " WHERE attrelid = 'courses'::regclass AND attname = 'id') || '|' || (SELECT format_type(atttypid,"
                + " atttypmod) FROM pg_attribute WHERE attrelid = 'enrollments'::regclass AND attname = 'course_id')"));
        assertEquals(0, db.queryLong("SELECT count(*) FROM pg_constraint WHERE NOT convalidated"), "every constraint validated");
        assertEquals(0, db.queryLong("SELECT count(*) FROM pg_index WHERE NOT indisvalid"), "no invalid index");
        assertEquals(0, db.queryLong("SELECT count(*) FROM enrollments e LEFT JOIN courses c ON c.id = e.course_id"
                + " WHERE c.id IS NULL"), "every enrollment still finds its course");
        assertTrue(db.queryLong("SELECT count(*) FROM enrollments") >= enrollmentsBefore);
        Cli.Result again = apply(db, RepoFiles.path("playbooks/005-widen-course-ids.yaml"));
        assertExitCode(0, again);
        assertTrue(again.out().contains("already applied"), again.out());
    }

    /** What an apply under writers left, with the checks every example shares. */
    private record Applied(Path file, String playbook, long runId, Cli.Result result, Writers.Target table,
                           long rowsBefore, Writers writers) {
        /** SQL for when the first contract step started: the sync trigger still existed before it. */
        String contractStart() {
            return "(SELECT min(started_at) FROM pgshift.step WHERE run_id = " + runId
                    + " AND phase = 'CONTRACT' AND kind <> 'GATE')";
        }

        void assertCommon() {
            assertEquals(0, db.queryLong("SELECT count(*) FROM pg_constraint WHERE NOT convalidated"
                    + " AND connamespace = 'public'::regnamespace"), "every constraint is validated");
            assertEquals(0, db.queryLong("SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                    + " WHERE NOT i.indisvalid AND c.relnamespace = 'public'::regnamespace"), "no invalid index");
            assertEquals(0, db.queryLong("SELECT count(*) FROM pgshift.sync_trigger WHERE run_id = " + runId
                    + " AND state <> 'RETAINED'"), "contract retains the sync triggers, it never drops them");
            // the writers stopped just now and the quiet period is the default 15m: force it (audited)
            Cli.Result cleanup = cli(db, "cleanup", Long.toString(runId), "--force", "--actor", "engine-test");
            assertExitCode(0, cleanup);
            assertEquals(0, db.queryLong("SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'pgshift_sync%'"),
                    "cleanup dropped the sync trigger");
            assertEquals(rowsBefore + writers.inserted(), db.queryLong("SELECT count(*) FROM " + table.name().toLowerCase()),
                    "rows = rows before + rows the application inserted");

            Cli.Result again = apply(db, file);
            assertExitCode(0, again);
            assertTrue(again.out().contains("already applied"), again.out());
            assertEquals(1, db.queryLong("SELECT count(*) FROM pgshift.run WHERE playbook_name = '" + playbook + "'"),
                    "applying again creates no run");

            Cli.Result history = cli(db, "history");
            assertExitCode(0, history);
            assertTrue(history.out().lines().anyMatch(l -> l.startsWith(runId + " ") && l.contains(playbook)
                    && l.contains("SUCCEEDED")), history.out());

            for (String action : new String[] {"SUBMITTED", "STARTED", "STATEMENT_EXECUTED", "SUCCEEDED"}) {
                assertTrue(audited(db, runId, action) > 0, "audit log has " + action + " for run " + runId);
            }
            assertEquals(0, audited(db, runId, "FAILED"));
            assertEquals("SUCCEEDED", EngineFixture.state(db, runId));
        }
    }

    private static Applied applyWhileWriting(Path file, String playbook, Writers.Target table) throws Exception {
        String name = table.name().toLowerCase();
        long rowsBefore = db.queryLong("SELECT count(*) FROM " + name);
        long maxId = db.queryLong("SELECT max(id) FROM " + name);
        Cli.Result result;
        Writers writers = Writers.start(db, table, WRITERS, maxId);
        try {
            Thread.sleep(300);
            result = apply(db, file);
            Thread.sleep(300);
        } finally {
            writers.close();
        }
        assertExitCode(0, result);
        assertEquals(java.util.List.of(), writers.errors(), "the application's writes never failed");
        assertTrue(writers.inserted() > 0 && writers.updated() > 0, "the application wrote during the run");
        return new Applied(file, playbook, runId(db, playbook), result, table, rowsBefore, writers);
    }
}
