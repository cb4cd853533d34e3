package io.pgshift.engine;

import static io.pgshift.engine.EngineFixture.assertExitCode;
import static io.pgshift.engine.EngineFixture.run;
import static io.pgshift.engine.EngineFixture.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.cli.Cli;
import io.pgshift.db.Connections;
import io.pgshift.db.DatabaseUrl;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Raw SQL in a transaction runs at most once per run, even when the run is interrupted right after
 * the statement committed and before its step was recorded; raw SQL that cannot run in a
 * transaction is refused unless the playbook declares it idempotent.
 *
 * <p>To interrupt the run at that exact point, the test first holds the counter's row (the
 * statement waits for it, retrying under lock_timeout), then the step's row, then lets the
 * counter go: the statement and its marker commit in the target, and recording the step waits.
 */
@ExtendWith(PgDatabaseExtension.class)
class RawSqlOnceIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** The driver's session recording the step, waiting for the step's row. */
    private static final String RECORDING_THE_STEP = "FROM pg_stat_activity WHERE datname = current_database()"
            + " AND wait_event_type = 'Lock' AND query LIKE 'UPDATE pgshift.step SET state%'";
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "state database apart from the target: {0}")
    @ValueSource(booleans = {false, true})
    void killedRightAfterTheStatementCommittedThenAppliedAgainItDoesNotRunTwice(boolean separate, TestDatabase db)
            throws Exception {
        String table = separate ? "kill_apart" : "kill_here";
        String name = table.replace('_', '-');
        Path file = counterScenario(db, table, name);
        try (StateDb state = StateDb.of(db, separate)) {
            try (Connection rowLock = db.connect(); Connection stepLock = state.connect();
                 ApplyProcess child = ApplyProcess.start(db, file, state.args())) {
                int recorder = interruptRightAfterTheCommit(db, state, table, name, rowLock, stepLock);
                Object created = state.query("SELECT created_at::text FROM pgshift.run WHERE id = " + run(name));
                assertEquals(1L, db.queryLong("SELECT count(*) FROM pgshift.applied_statement WHERE run_created_at = '"
                        + created + "'"), "the marker committed with the statement, in the target");
                child.kill();
                // a session waiting for a lock does not notice its client died: left alone, it would
                // record the step once the lock is free, as if the process had lived that long
                terminate(db, recorder);
                stepLock.rollback();
            }
            long runId = (Long) state.query("SELECT max(id) FROM pgshift.run WHERE playbook_name = '" + name + "'");
            assertEquals("RUNNING", state.query(rawStep(runId, "state")), "the step was never recorded");

            List<String> again = new ArrayList<>(List.of("apply", file.toString(), "--database-url", db.jdbcUrlForChild(),
                    "--actor", "engine-test"));
            again.addAll(List.of(state.args()));
            Cli.Result applied = Assertions.assertTimeoutPreemptively(Duration.ofSeconds(90),
                    () -> Cli.run(again.toArray(String[]::new)), "pgshift apply did not finish");
            assertExitCode(0, applied);

            assertEquals(1L, db.queryLong("SELECT n FROM " + table), "the statement ran once");
            assertEquals(1L, state.query("SELECT count(*) FROM pgshift.run WHERE playbook_name = '" + name + "'"),
                    "the killed run is resumed, not replaced");
            assertEquals("SUCCEEDED", state.query("SELECT state FROM pgshift.run WHERE id = " + runId));
            assertEquals("SUCCEEDED", state.query(rawStep(runId, "state")), "found done by its marker: this run's own, not present before it");
        }
    }

    @Test
    void theDriverLosingItsConnectionRightAfterTheStatementCommittedDoesNotRunItTwice(TestDatabase db) throws Exception {
        String table = "lost_connection";
        String name = "lost-connection";
        Path file = counterScenario(db, table, name);
        try (StateDb state = StateDb.of(db, false); Connection rowLock = db.connect(); Connection stepLock = db.connect();
             ApplyProcess child = ApplyProcess.start(db, file)) {
            terminate(db, interruptRightAfterTheCommit(db, state, table, name, rowLock, stepLock));
            stepLock.rollback();
            // the driver rides the outage out, loads the run again and finds the step RUNNING
            assertEquals(0, child.awaitExit(90), child.output());
        }
        long runId = EngineFixture.runId(db, name);
        assertEquals(1L, db.queryLong("SELECT n FROM " + table), "the statement ran once");
        assertEquals("SUCCEEDED", EngineFixture.state(db, runId));
        assertEquals("SUCCEEDED", db.queryValue(rawStep(runId, "state")), "this run's own effect");
        assertEquals(1L, EngineFixture.audited(db, runId, "STATEMENT_EXECUTED"));
        assertEquals(1L, EngineFixture.audited(db, runId, "STATEMENT_SKIPPED"), "the second time, its marker said it ran");
    }

    @Test
    void rawSqlOutsideATransactionIsRefusedUnlessDeclaredIdempotent(TestDatabase db) {
        db.execute("CREATE TABLE notes (id int PRIMARY KEY, note text)");
        String build = "CREATE INDEX CONCURRENTLY IF NOT EXISTS notes_note_idx ON notes (note)";
        Path refused = EngineFixture.write(tmp, "refused.yaml", EngineFixture.patientPlaybook("refused-sql")
                + "expand:\n  - sql: \"" + build + "\"\n");
        for (String command : List.of("plan", "apply")) {
            Cli.Result result = EngineFixture.cli(db, command, refused.toString());
            assertExitCode(3, result);
            assertTrue(result.err().contains("expand[0].sql: CREATE INDEX on notes runs outside a transaction block,"
                    + " where pgshift cannot record that it ran"), result.err());
        }
        assertNull(db.queryValue("SELECT to_regclass('notes_note_idx')"), "nothing ran");
        if (EngineFixture.hasRunTable(db)) {
            assertEquals(0L, db.queryLong("SELECT count(*) FROM pgshift.run WHERE playbook_name = 'refused-sql'"));
        }

        Path declared = EngineFixture.write(tmp, "declared.yaml", EngineFixture.patientPlaybook("declared-sql")
                + "expand:\n  - sql: {statement: \"" + build + "\", idempotent: true}\n");
        Cli.Result plan = EngineFixture.cli(db, "plan", declared.toString());
        assertExitCode(0, plan);
        assertTrue(plan.out().contains("outside a transaction · runs again after a crash: declared idempotent"), plan.out());
        assertExitCode(0, EngineFixture.apply(db, declared));
        assertNotNull(db.queryValue("SELECT to_regclass('notes_note_idx')"));
        assertEquals("SUCCEEDED", db.queryValue(rawStep(EngineFixture.runId(db, "declared-sql"), "state")));
    }

    /** A one-row counter and a playbook whose only step increments it. */
    private Path counterScenario(TestDatabase db, String table, String name) {
        db.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, n int NOT NULL); INSERT INTO " + table + " VALUES (1, 0)");
        return EngineFixture.write(tmp, name + ".yaml", EngineFixture.patientPlaybook(name)
                + "expand:\n  - sql: \"UPDATE " + table + " SET n = n + 1 WHERE id = 1\"\n");
    }

    /**
     * Holds the counter's row until the step is RUNNING, then the step's row, then lets the counter
     * go: returns once the statement committed and recording its step waits for {@code stepLock},
     * with the process id of the session that waits.
     */
    private static int interruptRightAfterTheCommit(TestDatabase db, StateDb state, String table, String name,
                                                    Connection rowLock, Connection stepLock) throws Exception {
        hold(rowLock, "SELECT n FROM " + table + " WHERE id = 1 FOR UPDATE");
        String step = "SELECT 1 FROM pgshift.step WHERE run_id = " + run(name) + " AND kind = 'RAW_SQL'";
        state.await("SELECT EXISTS (" + step + " AND state = 'RUNNING')");
        hold(stepLock, step + " FOR UPDATE");
        rowLock.rollback();
        waitFor(db, "SELECT n = 1 FROM " + table, WAIT);
        state.await("SELECT count(*) > 0 " + RECORDING_THE_STEP);
        return (Integer) state.query("SELECT pid " + RECORDING_THE_STEP);
    }

    /** Ends a session of the server (any database), waiting until it is gone. */
    private static void terminate(TestDatabase db, int pid) {
        db.terminate(pid);
    }

    private static String rawStep(long runId, String column) {
        return "SELECT " + column + " FROM pgshift.step WHERE run_id = " + runId + " AND kind = 'RAW_SQL'";
    }

    /** Runs {@code sql} in a transaction left open, so its locks stay held. */
    private static void hold(Connection c, String sql) throws SQLException {
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** Where the runs and steps live: the target itself, or a database of their own (dropped on close). */
    private record StateDb(TestDatabase target, DatabaseUrl url, boolean separate) implements AutoCloseable {
        static StateDb of(TestDatabase target, boolean separate) {
            if (!separate) {
                return new StateDb(target, target.url(), false);
            }
            String name = target.name() + "_state";
            target.execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE); CREATE DATABASE \"" + name + "\"");
            return new StateDb(target, target.url().withDatabase(name), true);
        }

        String[] args() {
            return separate ? new String[] {"--state-database-url", url.jdbcUrl()} : new String[0];
        }

        Connection connect() throws SQLException {
            return Connections.open(url, "pgshift-test");
        }

        Object query(String sql) throws SQLException {
            try (Connection c = connect(); Statement s = c.createStatement(); var rs = s.executeQuery(sql)) {
                return rs.next() ? rs.getObject(1) : null;
            }
        }

        /** Polls a boolean query until it is true; pgshift's schema may not exist yet at first. */
        void await(String booleanSql) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                try {
                    if (Boolean.TRUE.equals(query(booleanSql))) {
                        return;
                    }
                } catch (SQLException notYet) {
                    // the run is still being submitted
                }
                Thread.sleep(20);
            }
            throw new AssertionError("not true after " + WAIT + ": " + booleanSql);
        }

        @Override
        public void close() {
            if (separate) {
                target.execute("DROP DATABASE IF EXISTS \"" + url.database() + "\" WITH (FORCE)");
            }
        }
    }
}
