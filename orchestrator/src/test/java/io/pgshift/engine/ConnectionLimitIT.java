package io.pgshift.engine;

import static io.pgshift.engine.EngineFixture.assertExitCode;
import static io.pgshift.engine.EngineFixture.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.cli.Cli;
import io.pgshift.testing.StandbyPair;
import io.pgshift.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server takes no more sessions of pgshift's role for a while, in the middle of a backfill
 * (the application's connection storm filled {@code max_connections}, or a DBA capped the role's
 * {@code CONNECTION LIMIT}): every session pgshift had is ended and every login refused with
 * 53300 (too many connections) for 4 s. That is a condition of the moment, waited out like an
 * outage: the same {@code apply} finishes the run once logins are taken again, nothing FAILED.
 * On a server of the test's own (a role is the whole server's, and its limit must not touch the
 * other tests), with a role that is not a superuser (a superuser is exempt from the limits).
 */
class ConnectionLimitIT {
    @TempDir
    Path tmp;

    @Test
    void applyWaitsOutLoginsRefusedForTooManyConnections() throws Exception {
        try (StandbyPair pair = StandbyPair.start()) {
            TestDatabase admin = pair.primary();
            admin.execute("CREATE ROLE limited LOGIN; GRANT CREATE ON DATABASE postgres TO limited; GRANT CREATE ON SCHEMA public TO limited;"
                    + " GRANT pg_signal_backend, pg_read_all_stats TO limited");
            EngineFixture.createUsersLike(admin, "capped", 20_000);
            admin.execute("ALTER TABLE capped OWNER TO limited");
            TestDatabase limited = pair.primaryAs("limited");
            Path file = EngineFixture.write(tmp, "capped.yaml", EngineFixture.preferencesPlaybook("capped", "capped", 500, 50));
            CompletableFuture<Cli.Result> apply = CompletableFuture.supplyAsync(() -> EngineFixture.apply(limited, file));
            try {
                EngineFixture.waitFor(admin, "SELECT coalesce(sum(p.rows_scanned), 0) > 2000 FROM pgshift.backfill_partition p"
                        + " JOIN pgshift.backfill b ON b.id = p.backfill_id WHERE b.run_id = " + run("capped"), Duration.ofSeconds(60));
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + (apply.isDone() ? "; apply ended: " + apply.join() : ""), e);
            }

            admin.execute("ALTER ROLE limited CONNECTION LIMIT 0");
            assertTrue(admin.queryLong("SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    + " WHERE usename = 'limited') t") > 0, "pgshift's sessions were ended");
            SQLException refused = assertThrows(SQLException.class, () -> limited.connect().close());
            assertEquals("53300", refused.getSQLState(), "a login meanwhile: " + refused.getMessage());
            Thread.sleep(4_000);
            admin.execute("ALTER ROLE limited CONNECTION LIMIT -1");

            Cli.Result result = apply.get(180, TimeUnit.SECONDS);
            assertExitCode(0, result);
            long runId = EngineFixture.runId(admin, "capped");
            assertEquals("SUCCEEDED", EngineFixture.state(admin, runId));
            assertEquals(0, EngineFixture.wrongPreferences(admin, "capped"));
            assertEquals(0, admin.queryLong("SELECT count(*) FROM pgshift.audit_log WHERE run_id = " + runId
                    + " AND action = 'FAILED'"));
        }
    }
}
