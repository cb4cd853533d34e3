package io.pgshift.engine;

import static io.pgshift.engine.EngineFixture.assertExitCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.cli.Cli;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code --state-database-url}, runs, steps, the audit log and the Quartz store live in a
 * separate database; the target keeps only the backfill tables (checkpoints commit with their
 * batches), the markers of raw SQL (committed with the statement), its policy and its own data. Status, history, audit and rollback read the state database.
 */
@ExtendWith(PgDatabaseExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the second gives the shared target a state of its own
class StateDatabaseIT {
    @TempDir
    Path tmp;

    @Test
    @Order(1)
    void runsWithItsStateInASeparateDatabase(TestDatabase db) throws Exception {
        String stateDb = db.name() + "_state";
        db.execute("CREATE DATABASE \"" + stateDb + "\"");
        try {
            String stateUrl = db.url().withDatabase(stateDb).jdbcUrl();
            EngineFixture.createUsersLike(db, "people", 3000);
            Path file = EngineFixture.write(tmp, "people.yaml", EngineFixture.preferencesPlaybook("people", "people", 500, 0));

            Cli.Result apply = Cli.run("apply", file.toString(), "--database-url", db.jdbcUrlForChild(),
                    "--state-database-url", stateUrl, "--backup-dir", tmp.resolve("backups").toString());
            assertExitCode(0, apply);
            assertTrue(apply.out().contains("backup of"), "the backup is taken before the run: " + apply.out());
            assertEquals(0, db.queryLong("SELECT count(*) FROM people WHERE preferences IS DISTINCT FROM"
                    + " jsonb_build_object('theme', coalesce(theme, 'light'))"));
            assertEquals("applied_statement,backfill,backfill_partition,schema_version,step_landmark,target_policy", db.queryValue("SELECT"
                    + " string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables WHERE schemaname = 'pgshift'"),
                    "the target holds only what commits with its own changes (checkpoints, raw SQL's markers, steps' landmarks)"
                    + " and its policy");

            try (var state = java.sql.DriverManager.getConnection(stateUrl);
                 var s = state.createStatement();
                 var rs = s.executeQuery("SELECT (SELECT state FROM pgshift.run), (SELECT count(*) FROM pgshift.audit_log),"
                         + " (SELECT count(*) FROM pgshift.audit_log WHERE action = 'BACKUP_TAKEN')")) {
                rs.next();
                assertEquals("SUCCEEDED", rs.getString(1));
                assertTrue(rs.getLong(2) > 5, "the audit log is in the state database");
                assertEquals(1, rs.getLong(3), "the backup is audited with the run, in the state database");
            }
            Cli.Result history = Cli.run("history", "--state-database-url", stateUrl);
            assertExitCode(0, history);
            assertTrue(history.out().contains("people") && history.out().contains("SUCCEEDED"), history.out());
            Cli.Result rollback = Cli.run("rollback", "1", "--database-url", db.jdbcUrlForChild(),
                    "--state-database-url", stateUrl);
            assertExitCode(0, rollback);
            assertEquals(0, db.queryLong("SELECT count(*) FROM pg_attribute WHERE attrelid = 'people'::regclass"
                    + " AND attname = 'preferences' AND attnotnull"), "NOT NULL undone on the target");
        } finally {
            db.execute("DROP DATABASE IF EXISTS \"" + stateDb + "\" WITH (FORCE)");
        }
    }

    /**
     * Run ids are unique within one state database only: a target that kept its state itself, then
     * in a separate database, sees a second run 1. Its backfill is its own, not the one the first
     * run 1 left in the target (which would be taken as already done, and nothing backfilled).
     */
    @Test
    @Order(2)
    void aRunOfAnotherStateDatabaseWithTheSameIdBackfillsForItself(TestDatabase db) throws Exception {
        String stateDb = db.name() + "_state2";
        db.execute("CREATE DATABASE \"" + stateDb + "\"");
        try {
            EngineFixture.createUsersLike(db, "first_people", 800);
            EngineFixture.createUsersLike(db, "second_people", 800);
            Path first = EngineFixture.write(tmp, "first.yaml", EngineFixture.preferencesPlaybook("first", "first_people", 500, 0));
            assertExitCode(0, Cli.run("apply", first.toString(), "--database-url", db.jdbcUrlForChild()));
            // that run's backfill belongs to an earlier era of the target, before the state moved
            db.execute("UPDATE pgshift.backfill SET created_at = created_at - interval '1 hour'");

            long before = db.queryLong("SELECT count(*) FROM pgshift.backfill WHERE run_id = 1");
            String stateUrl = db.url().withDatabase(stateDb).jdbcUrl();
            Path second = EngineFixture.write(tmp, "second.yaml", EngineFixture.preferencesPlaybook("second", "second_people", 500, 0));
            Cli.Result apply = Cli.run("apply", second.toString(), "--database-url", db.jdbcUrlForChild(),
                    "--state-database-url", stateUrl);
            assertExitCode(0, apply);
            assertEquals(before + 1, db.queryLong("SELECT count(*) FROM pgshift.backfill WHERE run_id = 1"),
                    "the second run 1 started a backfill of its own");
            assertEquals(0, db.queryLong("SELECT count(*) FROM second_people WHERE preferences IS DISTINCT FROM"
                    + " jsonb_build_object('theme', coalesce(theme, 'light'))"), "the second run backfilled its table");
        } finally {
            db.execute("DROP DATABASE IF EXISTS \"" + stateDb + "\" WITH (FORCE)");
        }
    }
}
