package io.pgshift.cli;

import io.pgshift.db.Connections;
import io.pgshift.db.DatabaseUrl;
import io.pgshift.directory.DirectoryPlan;
import io.pgshift.engine.EngineContext;
import io.pgshift.engine.LostSteps;
import io.pgshift.run.RunRecord;
import io.pgshift.run.RunState;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;

/**
 * For {@code apply DIR}, {@code status DIR} and {@code status RUN}: whether the target has lost
 * steps of a run that succeeded, or the undo of a rolled-back run's steps, read from its
 * landmarks ({@link LostSteps}). Only when the state
 * lives apart (else nothing can be lost this way); the target is logged in to at the first run
 * that asks.
 */
final class TargetLosses implements DirectoryPlan.Losses, AutoCloseable {
    private final EngineContext ctx;
    private final Connection state;
    private Connection target;

    private TargetLosses(EngineContext ctx, Connection state) {
        this.ctx = ctx;
        this.state = state;
    }

    /** The losses of runs whose state is read on {@code state}, from {@code stateUrl}, of {@code targetUrl}. */
    static TargetLosses of(DatabaseUrl targetUrl, DatabaseUrl stateUrl, Connection state) {
        return new TargetLosses(EngineContext.offline(targetUrl, stateUrl, "pgshift-cli", Clock.systemUTC()), state);
    }

    @Override
    public boolean lostSteps(RunRecord succeeded) throws SQLException {
        return !lost(succeeded).isEmpty();
    }

    /** The steps of a run that succeeded that the target has lost since, as {@code ORDINAL PATH}; none else. */
    List<String> lost(RunRecord run) throws SQLException {
        if (!ctx.stateApart() || run.state() != RunState.SUCCEEDED) {
            return List.of();
        }
        return LostSteps.paths(new LostSteps(ctx).find(state, target(), run));
    }

    /** The steps of a rolled-back run whose undo the target has lost since, as {@code ORDINAL PATH}; none else. */
    List<String> lostUndos(RunRecord run) throws SQLException {
        if (!ctx.stateApart() || run.state() != RunState.ROLLED_BACK) {
            return List.of();
        }
        return LostSteps.paths(new LostSteps(ctx).findUndos(state, target(), run));
    }

    private Connection target() throws SQLException {
        if (target == null) {
            target = Connections.open(ctx.target(), "pgshift-landmarks");
        }
        return target;
    }

    @Override
    public void close() throws SQLException {
        if (target != null) {
            target.close();
        }
    }
}
