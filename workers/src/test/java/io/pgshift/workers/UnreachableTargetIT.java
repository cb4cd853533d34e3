package io.pgshift.workers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pgshift.backfill.BackfillSpec;
import io.pgshift.backfill.BackfillState;
import io.pgshift.backfill.BackfillStatus;
import io.pgshift.backfill.BatchSettings;
import io.pgshift.backfill.WorkerSettings;
import io.pgshift.db.DatabaseUrl;
import io.pgshift.quartz.QuartzConfig;
import io.pgshift.testing.BlackholeProxy;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The target stops answering (a {@link BlackholeProxy}: no reset, no FIN) for longer than a
 * partition's whole retry budget. Its reads time out instead of hanging, the partition spends its
 * retries, and then waits for the database (its job runs again later) instead of failing. The
 * network forwards again just as the partition's next run connects, which is when a partition
 * that failed would have recorded FAILED: the backfill finishes instead, with exact data.
 */
@ExtendWith(PgDatabaseExtension.class)
class UnreachableTargetIT {
    private static final int ROWS = 20_000;

    @Test
    void aPartitionOutlastedByAnOutageWaitsForTheDatabaseInsteadOfFailing(TestDatabase db) throws Exception {
        BackfillFixture.migrate(db);
        BackfillFixture.createTable(db, "unreachable", ROWS);
        String stateDb = db.name() + "_state";
        db.execute("CREATE DATABASE \"" + stateDb + "\"");
        // two attempts, then 1 s before the job runs again: the outage below outlasts the budget
        WorkerSettings settings = WorkerSettings.defaults("outage-node")
                .withRetries(2, Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofSeconds(1));
        try (BlackholeProxy proxy = BlackholeProxy.inFrontOf(db.url());
             WorkerNode node = WorkerNode.start(NodeSpec.of(oneConnectionPerLogin(proxy.route(db.url())),
                     new QuartzConfig("outage-node", 2, BackfillFixture.CHECKIN, Duration.ofSeconds(60)), settings,
                     Clock.systemUTC(), new SimpleMeterRegistry()).withStateIn(db.url().withDatabase(stateDb)))) {
            BackfillService service = new BackfillService(db.url(), Clock.systemUTC());
            // batches under a 1 s statement timeout: their reads give up after 2 s of silence
            long id = BackfillFixture.create(db, BackfillFixture.spec("unreachable", new BatchSettings(500, 100, 500, 500, 50))
                    .withTimeouts(new BackfillSpec.Timeouts(200, 1_000)), 1);
            service.schedule(node.scheduler(), id);
            BackfillIT.waitFor(db, "SELECT sum(rows_scanned) >= 2000 FROM pgshift.backfill_partition WHERE backfill_id = "
                    + id);

            proxy.blackhole();
            int before = proxy.accepted();
            // the retry's new connection, then (budget spent) the connection of the partition's next run, where a
            // partition that failed would record it: only the partition's connections go through the proxy
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (proxy.accepted() < before + 2) {
                assertTrue(System.nanoTime() < deadline, "the partition did not try again after its retries");
                Thread.sleep(20);
            }
            proxy.restore();

            BackfillStatus status = service.awaitFinished(id, Duration.ofSeconds(60), Duration.ofMillis(100));
            assertEquals(BackfillState.SUCCEEDED, status.state(), "partitions: " + status.partitions());
            assertEquals(ROWS, status.rowsScanned());
            assertEquals(0, BackfillFixture.wrongRows(db, "unreachable"));
        } finally {
            db.execute("DROP DATABASE IF EXISTS \"" + stateDb + "\" WITH (FORCE)");
        }
    }

    /** pgJDBC's default sslmode=prefer tries a login twice (TLS, then without); one try makes the count exact. */
    private static DatabaseUrl oneConnectionPerLogin(DatabaseUrl url) {
        String jdbc = url.jdbcUrl();
        return DatabaseUrl.parse(jdbc + (jdbc.contains("?") ? "&" : "?") + "sslmode=disable")
                .withCredentials(url.user(), url.password());
    }
}
