package io.pgshift.usecase;

import io.pgshift.engine.EngineContext;
import io.pgshift.run.RunNotFoundException;
import io.pgshift.run.RunRecord;
import java.sql.Connection;
import java.sql.SQLException;

/** The run a request names, or {@link RunNotFoundException}: the first step of every run use case. */
final class RunLookup {
    private RunLookup() {
    }

    static RunRecord find(EngineContext ctx, Connection c, long runId) throws SQLException {
        return ctx.runs().find(c, runId).orElseThrow(() -> new RunNotFoundException(runId));
    }
}
