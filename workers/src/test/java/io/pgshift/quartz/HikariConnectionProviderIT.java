package io.pgshift.quartz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Stopping a node closes Quartz's pool; a Quartz thread still recording a finished job's
 * completion on it must be let to commit, not have its connection aborted under it.
 */
@ExtendWith(PgDatabaseExtension.class)
class HikariConnectionProviderIT {

    @Test
    void aShutdownWaitsForATransactionInFlightToCommit(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE t_drain (id int PRIMARY KEY)");
        HikariConnectionProvider quartz = new HikariConnectionProvider(db.url(), 2, "drain-test");
        try (Connection c = quartz.getConnection()) {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO t_drain VALUES (1)"); // as Quartz's trigger-complete bookkeeping would
            }
            CompletableFuture<Void> shutdown = CompletableFuture.runAsync(quartz::shutdown);
            Thread.sleep(300);
            assertFalse(shutdown.isDone(), "the shutdown waits while a connection is in use");
            c.commit();
            c.close();
            shutdown.get(java.time.Duration.ofSeconds(5).toSeconds(), TimeUnit.SECONDS);
        }
        assertEquals(1, db.queryLong("SELECT count(*) FROM t_drain"), "the transaction in flight committed");
        assertThrows(SQLException.class, quartz::getConnection, "the pool is closed afterwards");
    }

    @Test
    void aShutdownWithNothingInUseClosesAtOnce(TestDatabase db) throws Exception {
        HikariConnectionProvider quartz = new HikariConnectionProvider(db.url(), 2, "drain-idle-test");
        try (Connection c = quartz.getConnection()) {
            c.rollback();
        }
        long started = System.nanoTime();
        quartz.shutdown();
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        assertTrue(tookMs < 1_000, "no wait when every connection is back in the pool: " + tookMs + " ms");
    }

    @Test
    void aConnectionHeldPastTheBoundIsClosedAfterIt(TestDatabase db) throws Exception {
        HikariConnectionProvider quartz = new HikariConnectionProvider(db.url(), 2, "drain-bound-test");
        Connection held = quartz.getConnection();
        long started = System.nanoTime();
        quartz.shutdown();
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        long bound = java.time.Duration.ofSeconds(5).toMillis();
        assertTrue(tookMs >= bound - 100 && tookMs < bound + 5_000, "waited about the bound, not for ever: " + tookMs + " ms");
        assertTrue(held.isClosed() || !held.isValid(1), "the held connection is closed by the pool's close");
    }
}
