package io.pgshift.engine;

import static io.pgshift.engine.EngineFixture.assertExitCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.cli.Cli;
import io.pgshift.ops.SiblingDatabase;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run that fails while it starts (here: its role owns the table, so the submission's privilege
 * check passes, but the table's forced row-level security calls a function the role may not
 * execute, so the row count the run starts with fails) fails in EXPANDING with the database's
 * message, and its apply returns exit 8 at once: it must not stay PENDING, where apply would wait
 * for a driver that is done.
 */
@ExtendWith(PgDatabaseExtension.class)
class StartFailureIT {
    private static final String ROLE = "pgshift_start_failure";

    @TempDir
    Path tmp;

    @Test
    void aRunThatFailsWhileStartingFailsInExpandingAndApplyReturns(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE guarded (id bigint PRIMARY KEY, v int)");
        db.execute("INSERT INTO guarded SELECT g, g FROM generate_series(1, 100) g");
        // pgshift keeps its own objects in the target too (sync-trigger support): the role may create them
        db.execute("DROP ROLE IF EXISTS " + ROLE + "; CREATE ROLE " + ROLE + " LOGIN; GRANT CREATE ON DATABASE \"" + db.name()
                + "\" TO " + ROLE);
        db.execute("CREATE FUNCTION guarded_visible(int) RETURNS boolean LANGUAGE sql AS 'SELECT true';"
                + " REVOKE EXECUTE ON FUNCTION guarded_visible(int) FROM PUBLIC;"
                + " CREATE POLICY guarded_rows ON guarded USING (guarded_visible(v));"
                + " ALTER TABLE guarded ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;"
                + " ALTER TABLE guarded OWNER TO " + ROLE);
        try (SiblingDatabase state = SiblingDatabase.create(db, "state")) {
            Path file = EngineFixture.write(tmp, "guarded.yaml", "name: guarded-check\n"
                    + "contract:\n  - add_check: {table: guarded, name: guarded_v_positive, check: \"v > 0\"}\n");

            Cli.Result result = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(60),
                    () -> Cli.run("apply", file.toString(), "--database-url", asRole(db),
                            "--state-database-url", state.jdbcUrl(), "--actor", "start-failure-test"),
                    "apply waited on a run that failed while starting");

            assertExitCode(8, result);
            long runId = state.queryLong("SELECT max(id) FROM pgshift.run WHERE playbook_name = 'guarded-check'");
            assertEquals("FAILED|EXPANDING", state.queryValue("SELECT state || '|' || phase FROM pgshift.run WHERE id = " + runId));
            String error = (String) state.queryValue("SELECT error FROM pgshift.run WHERE id = " + runId);
            assertTrue(error.contains("permission denied for function guarded_visible"), error);
            assertEquals("FAILED,STARTED", state.queryValue("SELECT string_agg(action, ',' ORDER BY action) FROM pgshift.audit_log"
                    + " WHERE run_id = " + runId + " AND action IN ('STARTED', 'FAILED')"), "one STARTED, one FAILED");
            assertEquals(0L, db.queryLong("SELECT count(*) FROM pg_constraint WHERE conname = 'guarded_v_positive'"));
        } finally {
            db.execute("DROP OWNED BY " + ROLE + "; DROP ROLE " + ROLE);
        }
    }

    private static String asRole(TestDatabase db) {
        String url = db.url().jdbcUrl().replaceAll("[?&](user|password)=[^&]*", "");
        return url + (url.contains("?") ? "&" : "?") + "user=" + ROLE;
    }
}
