package io.pgshift.engine;

import static io.pgshift.engine.EngineFixture.assertExitCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.cli.Cli;
import io.pgshift.ops.SiblingDatabase;
import io.pgshift.testing.BlackholeProxy;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate's session ends on the server while it runs a long check, without a word reaching
 * pgshift: its connection goes silent for ever behind something that still answers TCP keepalives
 * (a proxy, a pooler, the old address of a failed-over server). The check sends nothing until it
 * ends, so only its socket timeout (the scan timeout, six hours here, plus margin) would end the
 * wait; the driver's liveness watch finds the session gone from another connection, drops the
 * silent one, and the driver goes on as after any lost connection: it says it waits for the
 * database, drives the run again, the gate runs again and passes, the same {@code apply} finishes.
 * Before, it waited the six hours.
 */
@ExtendWith(PgDatabaseExtension.class)
class VanishedGateSessionIT {
    @TempDir
    Path tmp;

    @Test
    void aGateWhoseSessionVanishedRunsAgainWithoutWaitingForItsTimeout(TestDatabase db) throws Exception {
        // held() returns once the row of t_hold is gone: the check is inside its statement when its session vanishes
        db.execute("CREATE TABLE t_hold (held boolean); INSERT INTO t_hold VALUES (true);"
                + " CREATE FUNCTION held() RETURNS int LANGUAGE plpgsql VOLATILE AS"
                + " $$ BEGIN WHILE EXISTS (SELECT FROM t_hold) LOOP PERFORM pg_sleep(0.05); END LOOP; RETURN 0; END $$");
        Path file = EngineFixture.write(tmp, "gatevanish.yaml", """
                name: gatevanish
                settings:
                  statement_timeout: 1s
                  scan_statement_timeout: 6h
                contract:
                  - verify:
                      sql: "SELECT held()"
                      description: a check that runs until the test lets it end
                """);
        try (SiblingDatabase state = SiblingDatabase.create(db, "state");
             BlackholeProxy network = BlackholeProxy.inFrontOf(db.url())) {
            CompletableFuture<Cli.Result> apply = CompletableFuture.supplyAsync(() -> Cli.run("apply", file.toString(),
                    "--database-url", network.route(db.jdbcUrlForChild()), "--state-database-url", state.jdbcUrl(),
                    "--actor", "vanish-test"));
            String check = "application_name = 'pgshift-gate' AND state = 'active' AND query LIKE '%held()%'";
            db.waitFor("SELECT count(*) = 1 FROM pg_stat_activity WHERE " + check, Duration.ofSeconds(60));

            // the gate's session: the proxy's side of it is the server's client_port
            int gatePort = ((Number) db.queryValue("SELECT client_port FROM pg_stat_activity WHERE " + check)).intValue();
            network.sever(gatePort);
            db.queryValue("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE client_port = " + gatePort);
            db.execute("DELETE FROM t_hold");

            Cli.Result result = apply.get(90, TimeUnit.SECONDS);
            assertExitCode(0, result);
            assertEquals("SUCCEEDED", state.queryValue("SELECT state FROM pgshift.run"));
            assertEquals(1, state.queryLong("SELECT count(*) FROM pgshift.audit_log WHERE action = 'GATE_PASSED'"));
            assertEquals(1, state.queryLong("SELECT count(*) FROM pgshift.audit_log WHERE action = 'WAITING_FOR_DATABASE'"),
                    "the lost connection is said as such, once");
            assertEquals(0, state.queryLong("SELECT count(*) FROM pgshift.audit_log WHERE action IN ('FAILED', 'GATE_FAILED')"));
            assertTrue(db.queryLong("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'pgshift-watch'") == 0,
                    "the watch's session closed with the run's drive");
        }
    }
}
