package io.pgshift.engine;

import io.pgshift.audit.AuditAction;
import io.pgshift.audit.AuditEntry;
import io.pgshift.run.IllegalTransitionException;
import io.pgshift.run.RunNotFoundException;
import io.pgshift.run.RunRecord;
import io.pgshift.run.RunState;
import io.pgshift.sync.Reliance;
import io.pgshift.sync.RelianceDetails;
import io.pgshift.sync.RelianceReader;
import io.pgshift.sync.SyncTrigger;
import io.pgshift.sync.SyncTriggerState;
import io.pgshift.sync.SyncTriggerStore;
import io.pgshift.sync.WritersStillRelyException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code pgshift complete RUN}: carries a run held before contract on to CONTRACTING, once the
 * application's new version is deployed. The deploy is judged from evidence, not memory: while a
 * sync trigger of the run still fills rows (writers that omit its columns, i.e. the old version,
 * are still running) the request is refused with the numbers, unless forced. The caller then has
 * the run's driver fired.
 */
public final class RunCompletion {
    private final EngineContext ctx;
    private final RelianceReader reliance = new RelianceReader(new SyncTriggerStore());

    public RunCompletion(EngineContext ctx) {
        this.ctx = ctx;
    }

    /** What complete decided, and the evidence it saw. */
    public record Result(RunRecord run, List<Reliance> reliance, boolean forced) {
    }

    /**
     * @param target where the triggers' fill counters are (the state database when it is the target)
     * @throws IllegalTransitionException the run is not held before contract
     * @throws WritersStillRelyException  a trigger still fills rows and {@code force} is false
     */
    public Result complete(Connection state, Connection target, long runId, String actor, boolean force)
            throws SQLException {
        RunRecord run = ctx.runs().find(state, runId).orElseThrow(() -> new RunNotFoundException(runId));
        if (run.state() != RunState.AWAITING_CONTRACT) {
            throw new IllegalTransitionException("run " + runId + " is " + run.state() + ": only a run held before"
                    + " contract (AWAITING_CONTRACT) can be completed");
        }
        List<Reliance> seen = new ArrayList<>();
        for (SyncTrigger t : new SyncTriggerStore().ofRun(state, runId)) {
            if (t.state() != SyncTriggerState.DROPPED) {
                seen.add(reliance.sample(state, target, t));
            }
        }
        List<Reliance> relied = seen.stream().filter(Reliance::reliedOn).toList();
        if (!relied.isEmpty() && !force) {
            throw new WritersStillRelyException("run " + runId + " stays held before contract", relied);
        }
        RunRecord moved = ctx.runs().transition(state, runId, RunState.AWAITING_CONTRACT, RunState.CONTRACTING, null);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("forced", force && !relied.isEmpty());
        details.put("sync_triggers", seen.stream().map(RelianceDetails::of).toList());
        ctx.audit().append(state, new AuditEntry(actor, AuditAction.HOLD_RELEASED, runId, details));
        return new Result(moved, seen, force && !relied.isEmpty());
    }
}
