package io.pgshift.engine;

import static io.pgshift.engine.EngineFixture.apply;
import static io.pgshift.engine.EngineFixture.assertExitCode;
import static io.pgshift.engine.EngineFixture.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.cli.Cli;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.RepoFiles;
import io.pgshift.testing.TestDatabase;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pgshift rollback}: undoes constraints, indexes and triggers of a succeeded or failed run,
 * keeps added columns and tables with their data unless {@code --drop-data}, ends ROLLED_BACK,
 * and frees the playbook's name so it can be applied again as a new run.
 */
@ExtendWith(PgDatabaseExtension.class)
class RollbackIT {
    @TempDir
    Path tmp;

    @Test
    void rollbackOfASucceededRunDropsConstraintsAndIndexesButKeepsTheColumnsData(TestDatabase db) throws Exception {
        db.executeFile("scripts/sql/lms-schema.sql", Map.of());
        db.executeFile("scripts/sql/lms-data.sql", Map.of("rows", "3000"));
        Path file = RepoFiles.path("playbooks/001-school-classes.yaml");
        assertExitCode(0, apply(db, file));
        long runId = EngineFixture.runId(db, "school-classes");
        long students = db.queryLong("SELECT count(*) FROM users WHERE role = 'student'");

        Cli.Result rollback = cli(db, "rollback", Long.toString(runId), "--actor", "engine-test");

        assertExitCode(0, rollback);
        assertTrue(rollback.out().contains("run " + runId + " is ROLLED_BACK"), rollback.out());
        assertEquals("ROLLED_BACK", EngineFixture.state(db, runId));
        assertEquals(0, db.queryLong("SELECT count(*) FROM pg_constraint WHERE conname = 'users_school_class_id_fkey'"));
        assertNull(db.queryValue("SELECT to_regclass('users_school_class_id_idx')"));
        assertNull(db.queryValue("SELECT to_regclass('school_classes_name_key')"));
        assertEquals(0, db.queryLong("SELECT count(*) FROM pg_trigger WHERE tgrelid = 'users'::regclass"
                + " AND tgname LIKE 'pgshift_sync%'"), "the retained sync trigger is dropped");
        assertEquals(0, db.queryLong("SELECT count(*) FROM pg_proc WHERE proname ~ '^pgshift_sync_users_'"));
        assertEquals(0, db.queryLong("SELECT count(*) FROM pg_class WHERE relname ~ '^pgshift_fill(s|ed_at)_users_'"),
                "with its fill sequences");
        assertEquals("DROPPED", db.queryValue("SELECT string_agg(state, ',') FROM pgshift.sync_trigger WHERE run_id = "
                + runId));
        assertEquals(students, db.queryLong("SELECT count(school_class_id) FROM users"), "the column keeps its data");
        assertEquals(1, db.queryLong("SELECT count(*) FROM school_classes"), "the table keeps its rows");
        assertEquals(1, EngineFixture.audited(db, runId, "ROLLBACK_STARTED"));
        assertEquals(1, EngineFixture.audited(db, runId, "ROLLED_BACK"));

        Cli.Result again = apply(db, file);
        assertExitCode(0, again);
        long newRun = EngineFixture.runId(db, "school-classes");
        assertNotEquals(runId, newRun, "a rolled-back playbook runs again as a new run");
        assertEquals(true, db.queryValue("SELECT convalidated FROM pg_constraint WHERE conname = 'users_school_class_id_fkey'"));
    }

    @Test
    void rollbackWithDropDataDropsTheAddedTableAndColumn(TestDatabase db) throws Exception {
        EngineFixture.createUsersLike(db, "rb_users", 3000);
        Path file = EngineFixture.write(tmp, "rb-drop.yaml", "name: rb-drop\n"
                + "expand:\n"
                + "  - create_table:\n      table: rb_tags\n      columns:\n"
                + "        - {name: id, type: bigint, nullable: false}\n        - {name: label, type: text}\n"
                + "      primary_key: [id]\n"
                + "  - add_column: {table: rb_users, column: preferences, type: jsonb}\n"
                + "  - create_index: {table: rb_users, columns: [preferences], using: gin}\n"
                + "backfill:\n  - table: rb_users\n    set: {preferences: \"jsonb_build_object('theme', coalesce(theme, 'light'))\"}\n"
                + "    keep_in_sync: true\n"
                + "contract:\n  - set_not_null: {table: rb_users, column: preferences}\n");
        assertExitCode(0, apply(db, file));
        long runId = EngineFixture.runId(db, "rb-drop");
        assertEquals(true, db.queryValue("SELECT attnotnull FROM pg_attribute WHERE attrelid = 'rb_users'::regclass"
                + " AND attname = 'preferences'"));

        Cli.Result rollback = cli(db, "rollback", Long.toString(runId), "--drop-data", "--actor", "engine-test");

        assertExitCode(0, rollback);
        assertEquals("ROLLED_BACK", EngineFixture.state(db, runId));
        assertNull(db.queryValue("SELECT to_regclass('rb_tags')"), "the table is dropped");
        assertEquals(0, db.queryLong("SELECT count(*) FROM pg_attribute WHERE attrelid = 'rb_users'::regclass"
                + " AND attname = 'preferences' AND NOT attisdropped"), "the column is dropped");
        assertNull(db.queryValue("SELECT to_regclass('rb_users_preferences_idx')"));
        assertEquals(3000, db.queryLong("SELECT count(*) FROM rb_users"), "the table's rows are untouched");

        assertExitCode(0, apply(db, file));
        assertNotEquals(runId, EngineFixture.runId(db, "rb-drop"));
        assertEquals(0, EngineFixture.wrongPreferences(db, "rb_users"));
    }

    @Test
    void rollbackOfARunFailedAtTheGateCleansUpAndTheFixedDataCanBeAppliedAgain(TestDatabase db) throws Exception {
        EngineFixture.createUsersLike(db, "rb_dupes", 3000);
        db.execute("UPDATE rb_dupes SET email = 'user3@example.com' WHERE id = 7");
        String before = GateFailureIT.catalogOf(db, "rb_dupes");
        Path file = EngineFixture.write(tmp, "rb-dupes.yaml", "name: rb-dupes\n"
                + "expand:\n  - add_column: {table: rb_dupes, column: code, type: text}\n"
                + "  - create_index: {table: rb_dupes, columns: [code]}\n"
                + "contract:\n  - add_unique: {table: rb_dupes, columns: [email]}\n");
        assertExitCode(8, apply(db, file));
        long runId = EngineFixture.runId(db, "rb-dupes");
        assertEquals("FAILED", EngineFixture.state(db, runId));

        Cli.Result rollback = cli(db, "rollback", Long.toString(runId), "--drop-data", "--actor", "engine-test");

        assertExitCode(0, rollback);
        assertEquals("ROLLED_BACK", EngineFixture.state(db, runId));
        assertEquals(before, GateFailureIT.catalogOf(db, "rb_dupes"), "constraints and indexes as before the run");
        assertEquals(0, db.queryLong("SELECT count(*) FROM pg_attribute WHERE attrelid = 'rb_dupes'::regclass"
                + " AND attname = 'code' AND NOT attisdropped"));
        assertEquals(0, db.queryLong("SELECT count(*) FROM pgshift.run_table WHERE run_id = " + runId + " AND active"),
                "the table is free again");

        db.execute("UPDATE rb_dupes SET email = 'user7@example.com' WHERE id = 7");
        assertExitCode(0, apply(db, file));
        assertEquals(1, db.queryLong("SELECT count(*) FROM pg_constraint WHERE conname = 'rb_dupes_email_key'"));
    }
}
