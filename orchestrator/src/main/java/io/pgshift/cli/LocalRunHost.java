package io.pgshift.cli;

import io.pgshift.db.Connections;
import io.pgshift.db.DatabaseUrl;
import io.pgshift.engine.EngineContext;
import io.pgshift.usecase.RunHost;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;

/**
 * The CLI's host for use cases run without a daemon: the target and the state database named on
 * the command line, an engine context that schedules nothing. Starting a driver does nothing
 * here: {@code apply}, {@code complete} and {@code rollback} drive the run in this process, and
 * for the other commands a running node (daemon) carries the run on.
 */
final class LocalRunHost implements RunHost {
    private final String name;
    private final DatabaseUrl stateUrl;
    private final EngineContext context;

    /** {@code name}: the target as documents show it; {@code node}: this process, as the actor of what the engine does. */
    LocalRunHost(String name, DatabaseUrl url, DatabaseUrl stateUrl, String node) {
        this.name = name;
        this.stateUrl = stateUrl;
        this.context = EngineContext.offline(url, stateUrl, node, Clock.systemUTC());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public EngineContext context() {
        return context;
    }

    /** The state database with pgshift's schema brought up to date ({@link StateAccess}). */
    @Override
    public Connection connect(String purpose) {
        return StateAccess.open(stateUrl);
    }

    /** The target named by {@code --database-url}, which the state database may be apart from. */
    @Override
    public Connection connectTarget(String purpose) throws SQLException {
        return Connections.open(context.target());
    }

    @Override
    public void startDriver(long runId) {
        // the command drives the run itself, or a running node picks it up
    }
}
