package io.pgshift.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgshift.apply.IndexBuild;
import io.pgshift.apply.ProgressLine;
import io.pgshift.apply.ProgressReader;
import io.pgshift.apply.ProgressSnapshot;
import io.pgshift.cli.Cli;
import io.pgshift.client.RunJson;
import io.pgshift.db.Connections;
import io.pgshift.db.DatabaseUrl;
import io.pgshift.run.RunRecord;
import io.pgshift.run.RunStore;
import io.pgshift.run.StepStore;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A create_index step's concurrent build, as readers on any node see it, read from the target's
 * pg_stat_progress_create_index: its scan as a share done, then, held by a transaction that
 * took its snapshot before the build, "waiting for old snapshots" naming that transaction; the
 * API's shape carries the same, and a role that may not see the build is told it is hidden.
 */
@ExtendWith(PgDatabaseExtension.class)
class IndexBuildProgressIT {
    private static final int ROWS = 1500;
    private final StepStore steps = new StepStore();
    private final ProgressReader progress = new ProgressReader(steps);

    @Test
    void showsTheBuildsScanThenTheTransactionItWaitsFor(TestDatabase db, @TempDir Path tmp) throws Exception {
        // a partial index whose predicate sleeps 1 ms a row: the scan lasts a second or two
        db.execute("CREATE TABLE items (id bigint PRIMARY KEY, v int NOT NULL);"
                + "INSERT INTO items SELECT g, g % 100 FROM generate_series(1, " + ROWS + ") g; ANALYZE items;"
                + "CREATE FUNCTION slow_true(bigint) RETURNS boolean IMMUTABLE LANGUAGE plpgsql"
                + " AS $$ BEGIN PERFORM pg_sleep(0.001); RETURN true; END $$");
        Path playbook = Files.writeString(tmp.resolve("items.yaml"), """
                name: items-v-index
                settings: {lock_timeout: 30s}
                expand:
                  - create_index: {table: items, columns: [v], name: items_v_idx, where: "slow_true(id)"}
                """);
        String reader = "pgshift_reader_" + db.name().replaceAll("[^a-z0-9_]", "");
        db.execute("CREATE ROLE " + reader + " LOGIN");
        try (Connection holder = db.connect(); Connection c = db.connect();
             Connection unprivileged = Connections.open(DatabaseUrl.parse(db.url().jdbcUrl().replaceAll("\\?.*", ""))
                     .withCredentials(reader, null))) {
            // a transaction that took its snapshot before the build: the build must wait for it at the end
            holder.setAutoCommit(false);
            holder.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            int holderPid = pid(holder);
            try (Statement s = holder.createStatement()) {
                s.execute("SET application_name = 'report-job'");
                s.executeQuery("SELECT count(*) FROM items").close();
            }
            CompletableFuture<Cli.Result> apply = CompletableFuture.supplyAsync(() -> Cli.run("apply",
                    playbook.toString(), "--database-url", db.jdbcUrlForChild(), "--actor", "progress-test"));

            ProgressSnapshot scanning = await(c, db, b -> !b.waiting() && b.fraction().isPresent()
                    && b.fraction().getAsDouble() < 1.0 && b.phase().startsWith("building index"));
            IndexBuild scan = scanning.indexBuild();
            assertEquals("items_v_idx", scan.index());
            assertTrue(scan.blocksTotal() > 0 && scan.blocksDone() < scan.blocksTotal(), scan.toString());
            String line = ProgressLine.render(scanning);
            assertTrue(line.startsWith("EXPANDING    ["), line);
            assertTrue(line.contains(scan.phase() + " ") && line.contains(" blocks)  create index items_v_idx on items (v)"),
                    line);

            ProgressSnapshot waiting = await(c, db, b -> "waiting for old snapshots".equals(b.phase())
                    && b.currentLocker() != null);
            IndexBuild held = waiting.indexBuild();
            assertEquals(holderPid, held.currentLocker().pid());
            assertEquals("report-job", held.currentLocker().application());
            assertEquals("idle in transaction", held.currentLocker().state());
            assertTrue(held.lockersTotal() >= 1, held.toString());
            assertTrue(ProgressLine.render(waiting).contains("(index build waiting for old snapshots ("
                    + held.lockersDone() + " of " + held.lockersTotal() + " transactions): pid " + holderPid
                    + " (report-job, idle in transaction, transaction open "), ProgressLine.render(waiting));

            // the API's shape, and read back by the CLI's daemon mode: the same line
            RunRecord run = run(c, db);
            JsonNode view = ApiJson.MAPPER.valueToTree(RunViews.run("staging", run, waiting));
            JsonNode build = view.path("progress").path("index_build");
            assertEquals("waiting for old snapshots", build.path("phase").asText());
            assertEquals(holderPid, build.path("waiting_for").path("pid").asInt());
            assertEquals("report-job", build.path("waiting_for").path("application").asText());
            assertTrue(build.path("percent").isNull(), "no share while waiting: " + build);
            assertEquals(held.describe(), build.path("summary").asText());
            assertEquals(ProgressLine.render(waiting), ProgressLine.render(RunJson.progress(view)));

            // a role that is neither the builder nor in pg_read_all_stats sees that a build runs, nothing more
            IndexBuild hidden = progress.read(c, unprivileged, run).indexBuild();
            assertNotNull(hidden, "the executor's session is visible to everyone");
            assertTrue(hidden.hidden());
            assertTrue(ProgressLine.render(progress.read(c, unprivileged, run)).contains("shown only to pgshift's role"
                    + " and members of pg_read_all_stats"));

            holder.commit();
            Cli.Result result = apply.get();
            assertEquals(0, result.exitCode(), result.out() + result.err());
            assertNull(progress.read(c, run(c, db)).indexBuild(), "nothing to show once the step is done");
        } finally {
            db.execute("DROP ROLE " + reader);
        }
        assertEquals(true, db.queryValue("SELECT indisvalid FROM pg_index WHERE indexrelid = 'items_v_idx'::regclass"));
    }

    /** Reads the run's progress, once its step runs, until its index build matches; within 15 s. */
    private ProgressSnapshot await(Connection c, TestDatabase db, Predicate<IndexBuild> wanted) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        ProgressSnapshot last = null;
        while (System.nanoTime() < deadline) {
            if (stepRunning(db)) {
                last = progress.read(c, run(c, db));
                if (last.indexBuild() != null && wanted.test(last.indexBuild())) {
                    return last;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no such index build within 15 s; last progress: " + last);
    }

    /** Whether the run's step runs: false while apply still migrates pgshift's schema and submits. */
    private static boolean stepRunning(TestDatabase db) {
        try {
            return db.queryLong("SELECT count(*) FROM pgshift.step s JOIN pgshift.run r ON r.id = s.run_id"
                    + " WHERE r.playbook_name = 'items-v-index' AND s.state = 'RUNNING'") > 0;
        } catch (IllegalStateException notYet) {
            return false; // pgshift's schema is being created
        }
    }

    private RunRecord run(Connection c, TestDatabase db) throws Exception {
        return new RunStore(steps).findByName(c, "items-v-index").orElseThrow();
    }

    private static int pid(Connection c) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
