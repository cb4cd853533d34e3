package io.pgshift.usecase;

import io.pgshift.audit.AuditAction;
import io.pgshift.audit.AuditEntry;
import io.pgshift.db.Connections;
import io.pgshift.db.DatabaseUrl;
import io.pgshift.engine.EngineContext;
import io.pgshift.run.IllegalTransitionException;
import io.pgshift.run.RunRecord;
import io.pgshift.run.RunState;
import io.pgshift.sync.Reliance;
import io.pgshift.sync.RelianceDetails;
import io.pgshift.sync.RelianceReader;
import io.pgshift.sync.SyncTriggerStore;
import io.pgshift.sync.WritersStillRelyException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Carries a run held before contract on to CONTRACTING ({@code pgshift complete},
 * {@code POST .../complete}), once the application's new version is deployed. The deploy is
 * judged from evidence, not memory: while a sync trigger of the run still fills rows (writers that
 * omit its columns, i.e. the old version, are still running) the request is refused with the
 * numbers, unless forced. The host then starts the run's driver.
 */
public final class CompleteRun {
    private final RunHost host;
    private final RelianceReader reliance = new RelianceReader(new SyncTriggerStore());

    public CompleteRun(RunHost host) {
        this.host = host;
    }

    /** {@code force}: complete even while a sync trigger still fills rows (audited as forced). */
    public record Request(long runId, String actor, boolean force) {
    }

    /** What complete decided, and the evidence it saw. */
    public record Result(RunRecord run, List<Reliance> reliance, boolean forced) {
    }

    /**
     * @throws IllegalTransitionException the run is not held before contract
     * @throws WritersStillRelyException  a trigger still fills rows and the request is not forced
     */
    public Result complete(Request request) throws Exception {
        Result result;
        EngineContext ctx = host.context();
        try (Connection state = host.connect("complete")) {
            if (sameDatabase(ctx.state(), ctx.target())) {
                // the state lives in the target (a daemon's): its fill counters are read on the same session
                result = complete(state, state, request);
            } else {
                try (Connection target = Connections.open(ctx.target(), "pgshift-complete")) {
                    result = complete(state, target, request);
                }
            }
        }
        host.startDriver(request.runId());
        return result;
    }

    private static boolean sameDatabase(DatabaseUrl a, DatabaseUrl b) {
        return a == b || a.jdbcUrl().equals(b.jdbcUrl()) && Objects.equals(a.user(), b.user());
    }

    /** {@code target}: where the triggers' fill counters are. */
    private Result complete(Connection state, Connection target, Request request) throws SQLException {
        EngineContext ctx = host.context();
        long runId = request.runId();
        RunRecord run = RunLookup.find(ctx, state, runId);
        if (run.state() != RunState.AWAITING_CONTRACT) {
            throw new IllegalTransitionException("run " + runId + " is " + run.state() + ": only a run held before"
                    + " contract (AWAITING_CONTRACT) can be completed");
        }
        List<Reliance> seen = reliance.sampleLive(state, target, runId);
        List<Reliance> relied = seen.stream().filter(Reliance::reliedOn).toList();
        if (!relied.isEmpty() && !request.force()) {
            throw new WritersStillRelyException("run " + runId + " stays held before contract", relied);
        }
        boolean forced = request.force() && !relied.isEmpty();
        RunRecord moved = ctx.runs().transition(state, runId, RunState.AWAITING_CONTRACT, RunState.CONTRACTING, null);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("forced", forced);
        details.put("sync_triggers", seen.stream().map(RelianceDetails::of).toList());
        ctx.audit().append(state, new AuditEntry(request.actor(), AuditAction.HOLD_RELEASED, runId, details));
        return new Result(moved, seen, forced);
    }
}
