package io.pgshift.daemon;

import static io.pgshift.daemon.DaemonProcesses.scanned;
import static io.pgshift.daemon.DaemonProcesses.signal;
import static io.pgshift.daemon.DaemonProcesses.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.api.ApiClient;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * One driver per run, fenced, and a frozen node holds nothing up. Daemon A is frozen with SIGSTOP
 * in the middle of a batch's transaction (its session has written rows and waits for the
 * checkpoint and commit that never come), as a long GC pause or a stalled VM would leave it.
 * Daemon B, started then, recovers A's jobs after the cluster check-in and takes the driver lease
 * over; the server ends A's idle transaction (pgshift bounds idle_in_transaction_session_timeout
 * on its sessions), so B carries on every partition, the one A froze inside included. A is then
 * woken with its driver and partitions mid-flight: its driver stops at its first write (the fence),
 * its partitions serialise with B's on the checkpoint rows. No statement runs twice, no row is
 * written twice, no index is left invalid.
 */
@ExtendWith(PgDatabaseExtension.class)
class DriverFencingIT {
    private static final String TOKEN = "fence-token";
    /** Batches of 1,000 rows that spend 0.2 s in their transaction (the slow_batch trigger), then pause 0.5 s. */
    private static final String PLAYBOOK = """
            name: fence-double
            expand:
              - add_column: {table: t_fence, column: doubled, type: bigint}
            backfill:
              - table: t_fence
                set: {doubled: "n * 2"}
                keep_in_sync: true
                batch: {size: 1000, min_size: 1000, max_size: 1000, target_ms: 500, pause_ms: 500}
            contract:
              - set_not_null: {table: t_fence, column: doubled}
              - add_unique: {table: t_fence, columns: [doubled]}
            """;
    /** A's batch sessions inside a transaction that has written (holds row locks): state stays put while A is frozen. */
    private static final String FROM_WRITING_BATCHES = " FROM pg_stat_activity"
            + " WHERE application_name = 'pgshift-backfill' AND backend_xid IS NOT NULL";

    @TempDir
    Path dir;

    @Test
    void aDaemonFrozenInsideABatchHoldsNothingUpAndRunsNothingTwiceWhenWoken(TestDatabase db) throws Exception {
        DoubledOnce.create(db, "t_fence", 60000);
        // every batch spends 0.2 s in its transaction: daemon-a can be frozen inside one
        db.execute("CREATE FUNCTION slow_batch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                + "   PERFORM pg_sleep(0.2); RETURN NULL; END $$;"
                + " CREATE TRIGGER slow_batch AFTER UPDATE ON t_fence FOR EACH STATEMENT EXECUTE FUNCTION slow_batch()");
        try (DaemonProcesses daemons = new DaemonProcesses(dir, TOKEN)) {
            Process a = daemons.start(db, "daemon-a", "driver_lease: 4s\n");
            ApiClient first = daemons.api(a, "daemon-a");
            ApiClient.Reply submitted = first.submit("staging", TOKEN, PLAYBOOK);
            assertEquals(201, submitted.status(), submitted.toString());
            long runId = submitted.json().path("run").path("id").asLong();
            waitFor(() -> scanned(db) > 2000, 60, "the backfill to make progress on daemon-a");
            assertEquals("daemon-a", leaseOwner(db, runId));

            freezeInsideABatch(a, db);
            String frozenPids = db.queryValue("SELECT string_agg(pid::text, ',')" + FROM_WRITING_BATCHES).toString();
            Map<Long, Long> frozenAt = scannedByPartition(db);

            Process b = daemons.start(db, "daemon-b", "driver_lease: 4s\n");
            ApiClient second = daemons.api(b, "daemon-b");
            waitFor(() -> second.get("/readyz", null).status() == 200, 60, "daemon-b to be ready");
            waitFor(() -> "daemon-b".equals(leaseOwner(db, runId)), 90, "daemon-b to take the run's lease over");
            long epochTakenOver = db.queryLong("SELECT lease_epoch FROM pgshift.run WHERE id = " + runId);
            // without a bound on idle transactions, the partition A froze inside stays locked until A wakes
            waitFor(() -> advancedEverywhere(db, frozenAt), 90,
                    "daemon-b to carry every partition on while daemon-a is still frozen " + frozenAt);
            assertEquals(0, db.queryLong("SELECT count(*) FROM pg_stat_activity WHERE pid IN (" + frozenPids + ")"),
                    "the server ended the frozen daemon's idle transaction");
            signal(a, "CONT");

            var done = second.awaitState("staging", runId, TOKEN, "SUCCEEDED", 180);
            assertEquals("SUCCEEDED", done.path("state").asText(), daemons.log("daemon-b"));
            assertTrue(scanned(db) < 60000 + 2 * 1000, "no partition scanned twice over");
            DoubledOnce.assertRanOnce(db, "t_fence", runId);
            assertTrue(epochTakenOver >= 2, "a takeover is a new fencing token");
            assertTrue(a.isAlive(), "daemon-a woke up and goes on serving:\n" + daemons.log("daemon-a"));
            assertTrue(daemons.log("daemon-a").contains("is driven by another node now"),
                    "daemon-a's driver stopped at the fence:\n" + daemons.log("daemon-a"));
        }
    }

    /**
     * Sends SIGSTOP at a moment one of A's batch sessions has written rows in its open transaction,
     * and checks the session is still in it once A is frozen (a batch that committed in between
     * is a missed moment: A is woken and the next one is taken).
     */
    private static void freezeInsideABatch(Process a, TestDatabase db) throws Exception {
        for (int attempt = 0; attempt < 20; attempt++) {
            waitFor(() -> db.queryLong("SELECT count(*)" + FROM_WRITING_BATCHES) > 0, 30, "a batch of daemon-a inside its transaction");
            signal(a, "STOP");
            Thread.sleep(500); // a statement already on the server ends; its transaction stays open
            if (db.queryLong("SELECT count(*)" + FROM_WRITING_BATCHES) > 0) {
                return;
            }
            signal(a, "CONT");
        }
        throw new AssertionError("daemon-a was never frozen inside a batch's transaction");
    }

    private static Map<Long, Long> scannedByPartition(TestDatabase db) {
        Map<Long, Long> scanned = new TreeMap<>();
        for (String row : db.queryValue("SELECT string_agg(partition_no || ':' || rows_scanned, ',')"
                + " FROM pgshift.backfill_partition").toString().split(",")) {
            String[] parts = row.split(":");
            scanned.put(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
        }
        return scanned;
    }

    private static boolean advancedEverywhere(TestDatabase db, Map<Long, Long> frozenAt) {
        Map<Long, Long> now = scannedByPartition(db);
        return frozenAt.entrySet().stream().allMatch(e -> now.get(e.getKey()) > e.getValue());
    }

    private static String leaseOwner(TestDatabase db, long runId) {
        return (String) db.queryValue("SELECT lease_owner FROM pgshift.run WHERE id = " + runId);
    }
}
