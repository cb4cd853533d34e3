package io.pgshift.daemon;

import static io.pgshift.daemon.DaemonProcesses.scanned;
import static io.pgshift.daemon.DaemonProcesses.signal;
import static io.pgshift.daemon.DaemonProcesses.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.api.ApiClient;
import io.pgshift.daemon.boot.Daemon;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * One driver per run, fenced. Daemon A is frozen with SIGSTOP mid-backfill for longer than the
 * cluster check-in and its driver lease; Quartz on daemon B recovers A's jobs and B's driver takes
 * the lease over. A is then woken (SIGCONT) with its driver and partitions mid-flight: its driver
 * stops at its first write (the fence), its partitions serialise with B's on the checkpoint rows.
 * No statement runs twice, no row is written twice, no index is left invalid.
 */
@ExtendWith(PgDatabaseExtension.class)
class DriverFencingIT {
    private static final String TOKEN = "fence-token";
    private static final String PLAYBOOK = """
            name: fence-double
            expand:
              - add_column: {table: t_fence, column: doubled, type: bigint}
            backfill:
              - table: t_fence
                set: {doubled: "n * 2"}
                keep_in_sync: true
                batch: {size: 200, min_size: 200, max_size: 200, target_ms: 50, pause_ms: 150}
            contract:
              - set_not_null: {table: t_fence, column: doubled}
              - add_unique: {table: t_fence, columns: [doubled]}
            """;

    @TempDir
    Path dir;

    @Test
    void aFrozenDaemonWokenAfterATakeoverRunsNothingTwice(TestDatabase db) throws Exception {
        // writes counts the backfill's writes of each row: a batch written twice shows as 2
        db.execute("CREATE TABLE t_fence (id bigserial PRIMARY KEY, n int NOT NULL, writes int NOT NULL DEFAULT 0);"
                + " INSERT INTO t_fence (n) SELECT g FROM generate_series(1, 60000) g; ANALYZE t_fence;"
                + " CREATE FUNCTION count_writes() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                + "   IF NEW.doubled IS DISTINCT FROM OLD.doubled THEN NEW.writes := OLD.writes + 1; END IF;"
                + "   RETURN NEW; END $$;"
                + " CREATE TRIGGER count_writes BEFORE UPDATE ON t_fence FOR EACH ROW EXECUTE FUNCTION count_writes()");
        try (DaemonProcesses daemons = new DaemonProcesses(dir, TOKEN)) {
            Process a = daemons.start(db, "daemon-a", "driver_lease: 4s\n");
            ApiClient first = daemons.api(a, "daemon-a");
            ApiClient.Reply submitted = first.submit("staging", TOKEN, PLAYBOOK);
            assertEquals(201, submitted.status(), submitted.toString());
            long runId = submitted.json().path("run").path("id").asLong();
            waitFor(() -> scanned(db) > 2000, 60, "the backfill to make progress on daemon-a");
            assertEquals("daemon-a", leaseOwner(db, runId));

            Process b = daemons.start(db, "daemon-b", "driver_lease: 4s\n");
            ApiClient second = daemons.api(b, "daemon-b");
            waitFor(() -> second.get("/readyz", null).status() == 200, 60, "daemon-b to be ready");

            signal(a, "STOP");
            long frozenAt = scanned(db);
            waitFor(() -> "daemon-b".equals(leaseOwner(db, runId)), 90, "daemon-b to take the run's lease over");
            long epochTakenOver = db.queryLong("SELECT lease_epoch FROM pgshift.run WHERE id = " + runId);
            waitFor(() -> scanned(db) > frozenAt + 4000, 60, "daemon-b to carry the backfill on");
            signal(a, "CONT");

            var done = second.awaitState("staging", runId, TOKEN, "SUCCEEDED", 180);
            assertEquals("SUCCEEDED", done.path("state").asText(), daemons.log("daemon-b"));
            assertTrue(scanned(db) < 60000 + 4000, "no partition scanned twice over");
            assertEquals(0, db.queryLong("SELECT count(*) FROM t_fence WHERE doubled IS DISTINCT FROM n * 2"));
            assertEquals(1, db.queryLong("SELECT max(writes) FROM t_fence"), "a row written twice");
            assertEquals(0, db.queryLong("SELECT count(*) FROM pg_index WHERE NOT indisvalid"), "an invalid index");
            assertEquals(0, db.queryLong("SELECT count(*) FROM pg_constraint WHERE NOT convalidated"));
            assertEquals(0, db.queryLong("SELECT count(*) FROM (SELECT details->>'step' AS step, details->>'sql' AS sql"
                    + " FROM pgshift.audit_log WHERE run_id = " + runId + " AND action = 'STATEMENT_EXECUTED'"
                    + " GROUP BY 1, 2 HAVING count(*) > 1) twice"), "a statement executed twice");
            assertEquals(0, db.queryLong("SELECT count(*) FROM pgshift.audit_log WHERE run_id = " + runId
                    + " AND action = 'FAILED'"));
            assertTrue(epochTakenOver >= 2, "a takeover is a new fencing token");
            assertTrue(a.isAlive(), "daemon-a woke up and goes on serving:\n" + daemons.log("daemon-a"));
            assertTrue(daemons.log("daemon-a").contains("is driven by another node now"),
                    "daemon-a's driver stopped at the fence:\n" + daemons.log("daemon-a"));
        }
    }

    private static String leaseOwner(TestDatabase db, long runId) {
        return (String) db.queryValue("SELECT lease_owner FROM pgshift.run WHERE id = " + runId);
    }
}
