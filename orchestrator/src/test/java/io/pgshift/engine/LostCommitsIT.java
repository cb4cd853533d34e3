package io.pgshift.engine;

import static io.pgshift.engine.EngineFixture.assertExitCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.cli.Cli;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.StandbyPair;
import io.pgshift.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failover that loses the target's last commits, with the run's state in a separate database
 * (which is not failed over). Asynchronous replication loses whatever the standby had not received:
 * here everything since the run started, its expand step's ADD COLUMN and the first batches with
 * their checkpoints. The state database still says the expand step SUCCEEDED. The run must find
 * out, run the lost step again on the promoted server and finish there with exact data; before,
 * it went on as if the column were there, and the backfill failed on it (42703).
 */
@ExtendWith(PgDatabaseExtension.class)
class LostCommitsIT {
    private static final int ROWS = 20_000;
    @TempDir
    Path tmp;

    @Test
    void aStepTheFailoverLostRunsAgainOnThePromotedServer(TestDatabase state) throws Exception {
        try (StandbyPair pair = StandbyPair.start()) {
            TestDatabase cluster = pair.cluster();
            EngineFixture.createUsersLike(cluster, "warmup", 100);
            EngineFixture.createUsersLike(cluster, "lost", ROWS);
            // a first run gives the target pgshift's own tables, replicated before the standby is cut off
            assertExitCode(0, apply(cluster, state, EngineFixture.write(tmp, "warmup.yaml",
                    EngineFixture.preferencesPlaybook("warmup", "warmup", 500, 0))));
            assertEquals(5, cluster.queryLong("SELECT count(*) FROM pgshift.step_landmark"),
                    "each of its five steps left its landmark in the target");
            pair.awaitCaughtUp();
            pair.detachStandby();

            Path file = EngineFixture.write(tmp, "lost.yaml", EngineFixture.preferencesPlaybook("lost", "lost", 500, 50));
            CompletableFuture<Cli.Result> apply = CompletableFuture.supplyAsync(() -> apply(cluster, state, file));
            pair.primary().waitFor("SELECT coalesce(sum(p.rows_scanned), 0) > 2000 FROM pgshift.backfill_partition p"
                    + " JOIN pgshift.backfill b ON b.id = p.backfill_id"
                    + " WHERE b.name LIKE 'lost:%'", Duration.ofSeconds(60));
            pair.crashPrimary();
            pair.promoteStandby();
            assertEquals(0, pair.standby().queryLong("SELECT count(*) FROM pg_attribute WHERE attrelid = 'lost'::regclass"
                    + " AND attname = 'preferences'"), "the promoted server never received the expand step");

            Cli.Result result = EngineFixture.awaitApply(apply, state, 180);
            assertExitCode(0, result);
            TestDatabase promoted = pair.standby();
            assertEquals("SUCCEEDED", state.queryValue("SELECT state FROM pgshift.run WHERE playbook_name = 'lost'"));
            assertEquals(0, EngineFixture.wrongPreferences(promoted, "lost"), "every row filled on the promoted server");
            assertEquals(1, promoted.queryLong("SELECT count(*) FROM pg_attribute WHERE attrelid = 'lost'::regclass"
                    + " AND attname = 'preferences' AND attnotnull"), "the contract ran on the promoted server");
            String lost = String.valueOf(state.queryValue("SELECT a.details::text FROM pgshift.audit_log a"
                    + " JOIN pgshift.run r ON r.id = a.run_id WHERE r.playbook_name = 'lost' AND a.action = 'STEPS_LOST'"));
            assertTrue(lost.contains("1 expand[0].add_column") && lost.contains("\"to\": \"EXPANDING\""),
                    "the loss is in the audit log: " + lost);
        }
    }

    private static Cli.Result apply(TestDatabase target, TestDatabase state, Path playbook) {
        return Cli.run("apply", playbook.toString(), "--database-url", target.jdbcUrlForChild(),
                "--state-database-url", state.jdbcUrlForChild(), "--actor", "engine-test");
    }
}
