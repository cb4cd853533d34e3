package io.pgshift.usecase;

import io.pgshift.engine.EngineContext;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Where a use case acts on runs: one target's state (runs, steps, audit log) and whatever drives
 * its runs. The daemon's {@code TargetNode} is one (its driver is scheduled on the target's Quartz
 * cluster); the CLI's local host is another (the command itself drives the run, or a node does).
 * Use cases take a host and return typed results; the CLI and the API only translate requests in
 * and results out, so that no use case is wired twice.
 */
public interface RunHost {
    /** The target's name, as views and audit details show it. */
    String name();

    /** Stores, audit log and backfill service of the target, with this process's name. */
    EngineContext context();

    /** A session on the database holding the target's state; the caller closes it. */
    Connection connect(String purpose) throws SQLException;

    /**
     * A session on the target database itself, whose catalog plans read; the caller closes it.
     * The state's database unless the host keeps its state apart (a local {@code --state-url}).
     */
    default Connection connectTarget(String purpose) throws SQLException {
        return connect(purpose);
    }

    /**
     * Has run {@code runId}'s driver carry it on now (idempotent). The daemon schedules it on its
     * cluster; a local host does nothing, the command that asked drives the run itself or a
     * running node picks it up.
     */
    void startDriver(long runId) throws Exception;
}
