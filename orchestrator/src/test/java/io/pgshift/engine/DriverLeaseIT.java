package io.pgshift.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.run.StateSchema;
import io.pgshift.testing.BlackholeProxy;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A driver keeps its lease through a failover of the state database: the lease session's old
 * connection goes silent for ever (no reset, as when the primary's address moves to a standby)
 * while new connections work. Before, the renewal waited the minute of every state session's
 * socket timeout on the dead connection and the 30 s lease expired meanwhile, on every driver of
 * every node at once: each run was up for grabs and its driver fenced.
 */
@ExtendWith(PgDatabaseExtension.class)
class DriverLeaseIT {
    /** The shortest lease the engine accepts: renewed every second, the renewal bounded to a second. */
    private static final Duration TTL = Duration.ofSeconds(3);

    @BeforeAll
    static void migrate(TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            StateSchema.migrate(c);
        }
    }

    @Test
    void aLeaseOutlivesAFailoverOfTheStateDatabase(TestDatabase db) throws Exception {
        long runId = db.queryLong("INSERT INTO pgshift.run (playbook_name, checksum, playbook_yaml, state, submitted_by)"
                + " VALUES ('leased', '" + "0".repeat(64) + "', 'name: leased', 'BACKFILLING', 'alice') RETURNING id");
        try (BlackholeProxy proxy = BlackholeProxy.inFrontOf(db.url());
             DriverLease lease = DriverLease.take(proxy.route(db.url()), runId, "node-a", TTL).orElseThrow()) {
            long epoch = db.queryLong("SELECT lease_epoch FROM pgshift.run WHERE id = " + runId);
            proxy.blackhole();
            Thread.sleep(300);
            proxy.restoreForNewConnectionsOnly(); // the old session is silent for ever from here

            // three times the lease: a lease not renewed on a new session would have expired twice over
            for (int i = 0; i < 9; i++) {
                Thread.sleep(TTL.toMillis() / 3);
                assertEquals(Boolean.TRUE, db.queryValue("SELECT lease_until > clock_timestamp() FROM pgshift.run"
                        + " WHERE id = " + runId), "the lease expired " + (i + 1) * TTL.toMillis() / 3 + " ms after the failover");
            }
            assertEquals(epoch, db.queryLong("SELECT lease_epoch FROM pgshift.run WHERE id = " + runId), "the same lease");
            assertEquals("node-a", db.queryValue("SELECT lease_owner FROM pgshift.run WHERE id = " + runId));
            assertTrue(proxy.accepted() >= 2, "renewed on a new session");
        }
    }
}
