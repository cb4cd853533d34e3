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
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * An index build's session ends on the server without a word reaching pgshift: its connection
 * goes silent for ever behind something that still answers TCP keepalives (a proxy, a pooler, the
 * old address of a failed-over server) and the server ends the session. The build sends nothing
 * until it ends, so only its socket timeout (the scan timeout, six hours here, plus margin) would
 * end the wait; the executor's liveness watch finds the session gone from another connection,
 * drops the silent one, and the step goes on as after any lost connection: the index left INVALID
 * is built again, the same {@code apply} finishes. Before, it waited the six hours.
 */
@ExtendWith(PgDatabaseExtension.class)
class VanishedBuildSessionIT {
    private static final String PLAYBOOK = """
            name: buildvanish
            settings:
              lock_timeout: 200ms
              statement_timeout: 1s
              scan_statement_timeout: 6h
            expand:
              - create_index: {table: t_build, columns: [n], name: t_build_n_idx}
            """;

    @TempDir
    Path tmp;

    /**
     * The watch looks at a build that is alive and busy past its first look at 10 s (a partial
     * index whose predicate takes a millisecond a row: one attempt of about 12 s) and leaves it be.
     */
    @Test
    void aLiveBuildIsLeftToRun(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE t_live (id bigserial PRIMARY KEY, n int NOT NULL);"
                + " INSERT INTO t_live (n) SELECT g FROM generate_series(1, 12000) g; ANALYZE t_live;"
                + " CREATE FUNCTION slow_true(int) RETURNS boolean LANGUAGE plpgsql IMMUTABLE AS"
                + " $$ BEGIN PERFORM pg_sleep(0.001); RETURN true; END $$");
        Path file = EngineFixture.write(tmp, "buildlive.yaml", """
                name: buildlive
                expand:
                  - create_index: {table: t_live, columns: [n], name: t_live_n_idx, where: "slow_true(n)"}
                """);
        try (SiblingDatabase state = SiblingDatabase.create(db, "live")) {
            Cli.Result result = Cli.run("apply", file.toString(), "--database-url", db.jdbcUrlForChild(),
                    "--state-database-url", state.jdbcUrl(), "--actor", "live-test");
            assertExitCode(0, result);
            assertEquals("1", state.queryValue("SELECT string_agg(details->>'attempts', ',') FROM pgshift.audit_log"
                    + " WHERE action = 'STATEMENT_EXECUTED' AND details->>'sql' ILIKE 'CREATE INDEX CONCURRENTLY%'"),
                    "the build ran once, not cut short by its watch");
            assertTrue(((Number) state.queryValue("SELECT max((details->>'duration_ms')::bigint) FROM pgshift.audit_log"
                    + " WHERE action = 'STATEMENT_EXECUTED' AND details->>'sql' ILIKE 'CREATE INDEX CONCURRENTLY%'"))
                    .longValue() > 10_000, "the build ran past the watch's first look");
            assertEquals(0, db.queryLong("SELECT count(*) FROM pg_index WHERE NOT indisvalid"));
        }
    }

    @Test
    void aBuildWhoseSessionVanishedIsBuiltAgainWithoutWaitingForItsTimeout(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE t_build (id bigserial PRIMARY KEY, n int NOT NULL);"
                + " INSERT INTO t_build (n) SELECT g FROM generate_series(1, 10000) g; ANALYZE t_build");
        Path file = EngineFixture.write(tmp, "buildvanish.yaml", PLAYBOOK);
        try (SiblingDatabase state = SiblingDatabase.create(db, "state");
             BlackholeProxy network = BlackholeProxy.inFrontOf(db.url())) {
            CompletableFuture<Cli.Result> apply;
            try (Connection snapshot = db.connect(); Statement s = snapshot.createStatement()) {
                // the build waits for this old snapshot: it is inside its statement when its session vanishes
                snapshot.setAutoCommit(false);
                s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
                s.execute("SELECT 1");
                apply = CompletableFuture.supplyAsync(() -> Cli.run("apply", file.toString(),
                        "--database-url", network.route(db.jdbcUrlForChild()), "--state-database-url", state.jdbcUrl(),
                        "--actor", "vanish-test"));
                db.waitFor("SELECT count(*) = 1 FROM pg_stat_activity WHERE application_name = 'pgshift-exec'"
                        + " AND state = 'active' AND query ILIKE 'CREATE INDEX CONCURRENTLY%'", Duration.ofSeconds(60));

                // the build's session: the proxy's side of it is the server's client_port
                int buildPort = ((Number) db.queryValue("SELECT client_port FROM pg_stat_activity"
                        + " WHERE application_name = 'pgshift-exec' AND query ILIKE 'CREATE INDEX CONCURRENTLY%'")).intValue();
                network.sever(buildPort);
                db.queryValue("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE client_port = " + buildPort);
                snapshot.commit();
            }

            Cli.Result result = apply.get(90, TimeUnit.SECONDS);
            assertExitCode(0, result);
            assertEquals("SUCCEEDED", state.queryValue("SELECT state FROM pgshift.run"));
            assertEquals(0, db.queryLong("SELECT count(*) FROM pg_index WHERE NOT indisvalid"), "an INVALID index left");
            assertEquals(1, db.queryLong("SELECT count(*) FROM pg_indexes WHERE indexname = 't_build_n_idx'"));
            assertEquals(0, state.queryLong("SELECT count(*) FROM pgshift.audit_log WHERE action = 'FAILED'"));
        }
    }
}
