package io.pgshift.engine;

import static io.pgshift.engine.EngineFixture.assertExitCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.cli.Cli;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * pg_terminate_backend of each of pgshift's sessions (as an operator or a pooler might) while
 * {@code pgshift apply} runs: in expand (the DDL executor mid index build), in backfill (the
 * batches, the driver, its lease, Quartz's pool) and at the gate and in contract. Every kind is
 * terminated at least once, repeatedly; the same apply still finishes with exact data, every row
 * written once, no invalid index and no NOT VALID constraint left behind.
 */
@ExtendWith(PgDatabaseExtension.class)
class TerminatedSessionsIT {
    private static final int ROWS = 30_000;
    private static final List<String> SESSIONS = List.of("pgshift-exec", "pgshift-backfill", "pgshift-driver",
            "pgshift-lease-%", "pgshift-gate", "pgshift-quartz");

    @TempDir
    Path tmp;

    @Test
    void applyFinishesThoughEverySessionKindIsTerminatedAlongTheWay(TestDatabase db) throws Exception {
        EngineFixture.createUsersLike(db, "terminated", ROWS);
        EngineFixture.countWrites(db, "terminated", "preferences");
        String playbook = EngineFixture.preferencesPlaybook("terminated", "terminated", 300, 150)
                .replace("expand:\n", "expand:\n  - create_index: {table: terminated, columns: [theme]}\n")
                + "  - add_check: {table: terminated, name: terminated_prefs_object,"
                + " check: \"jsonb_typeof(preferences) = 'object'\"}\n";
        Path file = EngineFixture.write(tmp, "terminated.yaml", playbook);
        CompletableFuture<Cli.Result> apply = CompletableFuture.supplyAsync(() -> EngineFixture.apply(db, file));
        Set<String> terminated = new TreeSet<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
        int turn = 0;
        while (!apply.isDone() && System.nanoTime() < deadline) {
            // one kind per turn: a kind not terminated yet whenever one is connected, else in
            // rotation, so that every kind goes at least once and every phase sees several go
            String kind = SESSIONS.get(turn++ % SESSIONS.size());
            for (String candidate : SESSIONS) {
                if (!terminated.contains(candidate) && connected(db, candidate)) {
                    kind = candidate;
                    break;
                }
            }
            if (terminate(db, kind) > 0) {
                terminated.add(kind);
            }
            // a random gap: a fixed one can fall in step with the driver's 5 s retry (seen once: for two
            // minutes every drive started just before its sessions' turn and was lost at once)
            Thread.sleep(ThreadLocalRandom.current().nextLong(250, 650));
        }
        Cli.Result result = apply.get(60, TimeUnit.SECONDS);
        assertExitCode(0, result);
        long runId = EngineFixture.runId(db, "terminated");
        assertEquals("SUCCEEDED", EngineFixture.state(db, runId));
        assertEquals(new TreeSet<>(SESSIONS), terminated, "every kind of session terminated along the way");
        assertEquals(0, EngineFixture.wrongPreferences(db, "terminated"));
        assertEquals(0, db.queryLong("SELECT count(*) FROM (SELECT id FROM terminated_writes GROUP BY id"
                + " HAVING count(*) > 1) twice"), "a row written twice");
        assertEquals(0, db.queryLong("SELECT count(*) FROM pg_index WHERE NOT indisvalid"), "an invalid index");
        assertEquals(0, db.queryLong("SELECT count(*) FROM pg_constraint WHERE NOT convalidated"), "a NOT VALID constraint");
        assertEquals(0, EngineFixture.audited(db, runId, "FAILED"));
        assertEquals(1, db.queryLong("SELECT count(*) FROM pg_indexes WHERE indexname = 'terminated_theme_idx'"));
    }

    private static boolean connected(TestDatabase db, String applicationName) {
        return db.queryLong("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                + " AND application_name LIKE '" + applicationName + "'") > 0;
    }

    /** Terminates this database's sessions of {@code applicationName} (a LIKE pattern); returns how many. */
    private static long terminate(TestDatabase db, String applicationName) {
        try {
            return db.queryLong("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity"
                    + " WHERE datname = current_database() AND application_name LIKE '" + applicationName + "'"
                    + " AND pid <> pg_backend_pid()");
        } catch (IllegalStateException e) {
            throw new AssertionError("could not terminate " + applicationName, e);
        }
    }
}
