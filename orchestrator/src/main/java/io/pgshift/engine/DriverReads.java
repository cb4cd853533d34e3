package io.pgshift.engine;

import io.pgshift.db.SocketTimeouts;
import io.pgshift.plan.DurationText;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * The driver's own connection to the target (application name {@code pgshift-gate}), set up for
 * what it reads there once the run is loaded: exact row counts, the gate's scans, the sync
 * triggers' counters, backfill progress. Every statement is bounded by the playbook's
 * {@code scan_statement_timeout} (a count(*) of a big table is a scan) and every read by a socket
 * timeout just beyond it, so a target that stops answering mid-gate is noticed instead of waited
 * for. (The catalog reads that load the run come before, under the connection's short default.)
 */
final class DriverReads {
    /** Closing gives the connection's reads the scans' bound back. */
    interface ScanBoundBack extends AutoCloseable {
        @Override
        void close() throws SQLException;
    }

    private DriverReads() {
    }

    static void prepare(Connection target, Duration scanTimeout) throws SQLException {
        try (Statement s = target.createStatement()) {
            // A parallel count(*) of a big table takes every core for its duration, and the application's
            // queries wait for CPU meanwhile (measured: load p99 x20 during the row counts on 2 cores).
            s.execute("SET max_parallel_workers_per_gather = 0");
            s.execute("SET statement_timeout = " + DurationText.setting(scanTimeout));
        }
        SocketTimeouts.outlast(target, scanTimeout);
    }

    /**
     * Bounds the reads on {@code target} by the playbook's short {@code statement_timeout} (its
     * socket timeout, plus margin) until closed, then gives the scans theirs back. For the backfill's
     * poll, which reads a few rows of pgshift's tables every fraction of a second for as long as the
     * backfill runs: under the scan timeout (six hours by default) a failover that left the old session
     * silent without a reset, behind something that still answers TCP keepalives (a proxy, a load
     * balancer), held the driver for those hours while the partitions had long reconnected and
     * finished (DaemonDatabaseFailoverIT).
     */
    static ScanBoundBack shortReads(Connection target, Duration statementTimeout, Duration scanTimeout)
            throws SQLException {
        SocketTimeouts.outlast(target, statementTimeout);
        return () -> SocketTimeouts.outlast(target, scanTimeout);
    }
}
