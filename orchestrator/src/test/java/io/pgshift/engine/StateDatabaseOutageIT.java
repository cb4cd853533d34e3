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
 * The state database ({@code --state-database-url}, on another host) goes silent in the middle of
 * a backfill (no reset, a network partition), then answers again; the target stays up throughout.
 * The batches do not need the state database (each commits its checkpoint on the target), so the
 * backfill goes on during the outage, and the same {@code apply} finishes: every row right, each
 * written once, nothing FAILED, the audit log whole. A failover, whose old connections stay
 * silent for ever, is {@code DaemonDatabaseFailoverIT}'s (state and target together) and
 * {@code DriverLeaseIT}'s (the lease's session).
 */
@ExtendWith(PgDatabaseExtension.class)
class StateDatabaseOutageIT {
    private static final int ROWS = 60_000;
    private static final String PLAYBOOK = """
            name: stateoutage
            settings:
              lock_timeout: 200ms
              statement_timeout: 1s
            expand:
              - add_column: {table: t_so, column: doubled, type: bigint}
            backfill:
              - table: t_so
                set: {doubled: "n * 2"}
                keep_in_sync: true
                batch: {size: 2500, min_size: 2500, max_size: 2500, target_ms: 1, pause_ms: 500}
            contract:
              - set_not_null: {table: t_so, column: doubled}
            """;

    @TempDir
    Path tmp;

    @Test
    void aBackfillGoesOnWhileTheStateDatabaseIsAwayAndTheSameApplyFinishes(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE t_so (id bigserial PRIMARY KEY, n int NOT NULL);"
                + " INSERT INTO t_so (n) SELECT g FROM generate_series(1, " + ROWS + ") g; ANALYZE t_so");
        Path file = EngineFixture.write(tmp, "stateoutage.yaml", PLAYBOOK);
        try (SiblingDatabase state = SiblingDatabase.create(db, "state");
             BlackholeProxy proxy = BlackholeProxy.inFrontOf(db.url())) {
            CompletableFuture<Cli.Result> apply = CompletableFuture.supplyAsync(() -> Cli.run("apply", file.toString(),
                    "--database-url", db.jdbcUrlForChild(), "--state-database-url", proxy.route(state.jdbcUrl()),
                    "--actor", "outage-test"));
            db.waitFor("SELECT to_regclass('pgshift.backfill_partition') IS NOT NULL", Duration.ofSeconds(60));
            db.waitFor("SELECT coalesce(sum(rows_scanned), 0) >= 5000 FROM pgshift.backfill_partition", Duration.ofSeconds(60));

            proxy.blackhole();
            long before = rowsScanned(db);
            Thread.sleep(3_000);
            long during = rowsScanned(db);
            assertTrue(during > before, "the batches went on without the state database: " + before + " -> " + during);
            assertTrue(during < ROWS, "the outage began mid-backfill");
            proxy.restore();

            Cli.Result result = apply.get(4, TimeUnit.MINUTES);
            assertExitCode(0, result);
            assertEquals("SUCCEEDED", state.queryValue("SELECT state FROM pgshift.run"));
            assertEquals(0, db.queryLong("SELECT count(*) FROM t_so WHERE doubled IS DISTINCT FROM n * 2"), "wrong rows");
            assertEquals(1, db.queryLong("SELECT count(*) FROM pg_attribute WHERE attrelid = 't_so'::regclass"
                    + " AND attname = 'doubled' AND attnotnull"), "NOT NULL in place");
            assertEquals(ROWS, db.queryLong("SELECT sum(rows_written) FROM pgshift.backfill_partition"), "each row written once");
            assertEquals(0, state.queryLong("SELECT count(*) FROM pgshift.audit_log WHERE action = 'FAILED'"));
            assertEquals("SUBMITTED,STARTED,PHASE_DONE,SUCCEEDED", state.queryValue("SELECT string_agg(action, ','"
                    + " ORDER BY id) FROM pgshift.audit_log WHERE action IN ('SUBMITTED', 'STARTED', 'SUCCEEDED')"
                    + " OR action = 'PHASE_DONE' AND details->>'phase' = 'backfill'"), "the audit log records the run whole");
        }
    }

    private static long rowsScanned(TestDatabase db) {
        return db.queryLong("SELECT coalesce(sum(rows_scanned), 0) FROM pgshift.backfill_partition");
    }
}
