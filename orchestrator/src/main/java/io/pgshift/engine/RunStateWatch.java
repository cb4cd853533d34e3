package io.pgshift.engine;

import io.pgshift.db.Connections;
import io.pgshift.db.DatabaseUrl;
import io.pgshift.gate.HaltCheck;
import io.pgshift.run.RunState;
import io.pgshift.run.RunStore;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Reads whether a run is still in the state its driver works in, for a gate statement's watch
 * ({@link HaltCheck}): on a session of its own, opened at the first read (most statements end
 * before it) and closed with the watch, since the driver's sessions are busy or idle in its
 * thread.
 */
final class RunStateWatch implements HaltCheck, AutoCloseable {
    private final DatabaseUrl state;
    private final RunStore runs;
    private final long runId;
    private final RunState working;
    private Connection connection;

    RunStateWatch(DatabaseUrl state, RunStore runs, long runId, RunState working) {
        this.state = state;
        this.runs = runs;
        this.runId = runId;
        this.working = working;
    }

    @Override
    public synchronized boolean halted() throws SQLException {
        if (connection == null) {
            connection = Connections.open(state, "pgshift-driver");
        }
        return runs.stateOf(connection, runId).orElse(working) != working;
    }

    @Override
    public synchronized void close() throws SQLException {
        if (connection != null) {
            connection.close();
        }
    }
}
