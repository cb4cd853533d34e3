package io.pgshift.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pgshift.cli.Cli;
import io.pgshift.testing.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/** Shared steps of the run engine's tests: playbooks on disk, the CLI, runs and their audit rows. */
final class EngineFixture {
    private EngineFixture() {
    }

    static Path write(Path dir, String fileName, String yaml) {
        try {
            return Files.writeString(dir.resolve(fileName), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Cli.Result apply(TestDatabase db, Path playbook) {
        return Cli.run("apply", playbook.toString(), "--database-url", db.jdbcUrlForChild(), "--actor", "engine-test");
    }

    /** Runs a pgshift command in this JVM against the test database. */
    static Cli.Result cli(TestDatabase db, String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--database-url";
        all[args.length + 1] = db.jdbcUrlForChild();
        return Cli.run(all);
    }

    /** The newest run of a playbook name. */
    static long runId(TestDatabase db, String playbook) {
        return db.queryLong("SELECT max(id) FROM pgshift.run WHERE playbook_name = '" + playbook + "'");
    }

    static String state(TestDatabase db, long runId) {
        return (String) db.queryValue("SELECT state FROM pgshift.run WHERE id = " + runId);
    }

    static long audited(TestDatabase db, long runId, String action) {
        return db.queryLong("SELECT count(*) FROM pgshift.audit_log WHERE run_id = " + runId + " AND action = '"
                + action + "'");
    }

    /** An application's reader that leaves its transaction open on {@code table}: ACCESS SHARE, idle in transaction. */
    static void holdOpen(Connection reader, String table) throws SQLException {
        reader.setAutoCommit(false);
        try (Statement s = reader.createStatement()) {
            s.executeQuery("SELECT 1 FROM " + table + " LIMIT 1").close();
        }
    }

    /** Waits until the run is in {@code state} and a step of {@code phase} has been retried (its lock not requested yet). */
    static void awaitRetried(TestDatabase db, String playbook, String state, String phase) throws InterruptedException {
        EngineFixture.waitFor(db, "SELECT r.state = '" + state + "' AND EXISTS (SELECT FROM pgshift.audit_log a"
                + " WHERE a.run_id = r.id AND a.action = 'STATEMENT_RETRIED' AND a.details->>'step' LIKE '" + phase + "%')"
                + " FROM pgshift.run r WHERE r.id = " + run(playbook), Duration.ofSeconds(60));
    }

    /** Polls a boolean query until it is true; fails with the query after {@code timeout}. */
    static void waitFor(TestDatabase db, String booleanSql, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (Boolean.TRUE.equals(db.queryValue(booleanSql))) {
                    return;
                }
            } catch (IllegalStateException notYet) {
                // pgshift's schema may not exist yet while the run is being submitted
            }
            Thread.sleep(20);
        }
        throw new AssertionError("not true after " + timeout + ": " + booleanSql);
    }

    /** The newest run of {@code playbook} as a SQL subquery, for polling while it is submitted. */
    static String run(String playbook) {
        return "(SELECT max(id) FROM pgshift.run WHERE playbook_name = '" + playbook + "')";
    }

    /**
     * The apply's result, or, when it does not end within {@code seconds}, a failure that says where
     * the run stands: its row, its steps, its partitions and the Quartz triggers, read from
     * {@code db} (target and state in one), so that a run that hangs in CI can be read afterwards.
     */
    static Cli.Result awaitApply(java.util.concurrent.CompletableFuture<Cli.Result> apply, TestDatabase db, long seconds)
            throws Exception {
        try {
            return apply.get(seconds, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("pgshift apply did not finish within " + seconds + " s; " + whereRunsStand(db), e);
        }
    }

    private static String whereRunsStand(TestDatabase db) {
        String[] reads = {
            "SELECT string_agg(id || ' ' || state || coalesce(' (' || waiting_reason || ')', ''), '; ') FROM pgshift.run",
            "SELECT string_agg(run_id || '/' || ordinal || ' ' || path || ' ' || state, '; ' ORDER BY run_id, ordinal)"
                    + " FROM pgshift.step",
            "SELECT string_agg(id || ' ' || state, '; ') FROM pgshift.backfill",
            "SELECT string_agg(backfill_id || '/' || partition_no || ' ' || state || ' scanned ' || rows_scanned, '; ')"
                    + " FROM pgshift.backfill_partition",
            "SELECT string_agg(trigger_name || ' ' || trigger_state, '; ') FROM pgshift.qrtz_triggers",
            "SELECT string_agg(trigger_name || ' ' || state || ' on ' || instance_name, '; ') FROM pgshift.qrtz_fired_triggers"};
        StringBuilder where = new StringBuilder();
        for (String read : reads) {
            try {
                where.append(read.substring(0, 40)).append("...: ").append(db.queryValue(read)).append('\n');
            } catch (RuntimeException unreadable) {
                where.append(read.substring(0, 40)).append("...: unreadable: ").append(unreadable.getMessage()).append('\n');
            }
        }
        return "where the runs stand:\n" + where;
    }

    /** Applies in this JVM, failing after {@code seconds} (a run recovering a killed node waits for Quartz). */
    static Cli.Result applyWithin(TestDatabase db, Path playbook, long seconds) {
        return org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(seconds),
                () -> apply(db, playbook), "pgshift apply did not finish");
    }

    /** Whether pgshift.run exists yet (apply creates pgshift's schema on first use). */
    static boolean hasRunTable(TestDatabase db) {
        return db.queryValue("SELECT to_regclass('pgshift.run')") != null;
    }

    static void assertExitCode(int expected, Cli.Result result) {
        assertEquals(expected, result.exitCode(), "exit code; stdout:\n" + result.out() + "\nstderr:\n" + result.err());
    }

    /**
     * A users-like table of {@code rows} rows (a third without a theme) whose rows carry the time the
     * application last wrote them, so tests can tell rows written while the sync trigger existed.
     */
    static void createUsersLike(TestDatabase db, String table, int rows) {
        db.execute("CREATE TABLE " + table + " (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
                + " email text NOT NULL, name text NOT NULL, role text NOT NULL DEFAULT 'student', theme text,"
                + " touched_at timestamptz NOT NULL DEFAULT clock_timestamp());"
                + "INSERT INTO " + table + " (email, name, role, theme) SELECT 'user' || g || '@example.com', 'User ' || g,"
                + " CASE WHEN g % 20 = 0 THEN 'teacher' ELSE 'student' END,"
                + " CASE g % 3 WHEN 0 THEN 'dark' WHEN 1 THEN 'light' END FROM generate_series(1, " + rows + ") g;"
                + "ANALYZE " + table);
    }

    /** A playbook's name and settings that wait out the application's locks: retried for up to a minute. */
    static String patientPlaybook(String name) {
        return "name: " + name + "\n"
                + "settings:\n"
                + "  lock_timeout: 500ms\n"
                + "  statement_timeout: 30s\n"
                + "  lock_retries: {max_attempts: 100, initial_backoff: 100ms, max_backoff: 500ms}\n";
    }

    /**
     * The users-preferences scenario on {@code table}: add a jsonb column, fill it from theme with
     * fixed-size, paced batches (kept in sync by a trigger), then a default and NOT NULL.
     */
    static String preferencesPlaybook(String name, String table, int batch, int pauseMs) {
        return patientPlaybook(name)
                + "expand:\n"
                + "  - add_column: {table: " + table + ", column: preferences, type: jsonb}\n"
                + "backfill:\n"
                + "  - table: " + table + "\n"
                + "    set:\n"
                + "      preferences: \"jsonb_build_object('theme', coalesce(theme, 'light'))\"\n"
                + "    keep_in_sync: true\n"
                + "    batch: {size: " + batch + ", min_size: " + batch + ", max_size: " + batch + ", pause_ms: " + pauseMs
                + "}\n"
                + "contract:\n"
                + "  - set_default: {table: " + table + ", column: preferences, default: \"'{}'::jsonb\"}\n"
                + "  - set_not_null: {table: " + table + ", column: preferences}\n";
    }

    /** Rows of the preferences scenario whose value is not what the playbook says. */
    static long wrongPreferences(TestDatabase db, String table) {
        return db.queryLong("SELECT count(*) FROM " + table
                + " WHERE preferences IS DISTINCT FROM jsonb_build_object('theme', coalesce(theme, 'light'))");
    }

    /** Counts every committed write of {@code column} per row into {@code <table>_writes} (rolled-back batches leave none). */
    static void countWrites(TestDatabase db, String table, String column) {
        db.execute("CREATE TABLE " + table + "_writes (id bigint NOT NULL);"
                + "CREATE FUNCTION " + table + "_count_writes() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                + " INSERT INTO " + table + "_writes SELECT n.id FROM new_rows n JOIN old_rows o USING (id)"
                + " WHERE n." + column + " IS DISTINCT FROM o." + column + "; RETURN NULL; END $$;"
                + "CREATE TRIGGER " + table + "_count_writes AFTER UPDATE ON " + table
                + " REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows"
                + " FOR EACH STATEMENT EXECUTE FUNCTION " + table + "_count_writes()");
    }
}
