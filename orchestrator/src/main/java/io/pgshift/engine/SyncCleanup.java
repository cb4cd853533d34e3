package io.pgshift.engine;

import io.pgshift.audit.AuditAction;
import io.pgshift.audit.AuditEntry;
import io.pgshift.db.Connections;
import io.pgshift.exec.StatementExecutor;
import io.pgshift.exec.StatementFailedException;
import io.pgshift.exec.UrlConnectionSource;
import io.pgshift.plan.Statement;
import io.pgshift.operation.SyncTriggerOperation;
import io.pgshift.playbook.Settings;
import io.pgshift.playbook.parse.PlaybookParser;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops the sync triggers a run left in place (retained after contract, or left by a cancelled
 * run), with their functions and fill counters: {@code pgshift cleanup RUN}, its API twin, and the
 * daemon's automatic cleanup of triggers quiet for their whole quiet period.
 *
 * <p>A trigger that filled a row within its quiet period is relied on by some writer: dropping it
 * would fail that writer's INSERTs (NOT NULL, CHECK, FK) or silently leave its rows without the
 * value, so cleanup refuses (all or nothing) unless forced. The drop itself re-checks the counter
 * once it holds the table's lock, so a writer that filled a row after the decision keeps the trigger.
 */
public final class SyncCleanup {
    private static final Logger LOG = LoggerFactory.getLogger(SyncCleanup.class);

    private final EngineContext ctx;
    private final SyncTriggerStore store = new SyncTriggerStore();
    private final RelianceReader reliance = new RelianceReader(store);

    public SyncCleanup(EngineContext ctx) {
        this.ctx = ctx;
    }

    /** The triggers dropped, each with the evidence it was dropped on. */
    public record Result(RunRecord run, List<Reliance> dropped, boolean forced) {
    }

    /**
     * Drops every trigger of run {@code runId} that is not dropped yet.
     *
     * @throws IllegalTransitionException the run has not ended: its backfill still needs the trigger
     * @throws WritersStillRelyException  a trigger filled rows within its quiet period and {@code force} is false
     */
    public Result cleanup(long runId, String actor, boolean force) throws SQLException {
        try (Connection state = Connections.open(ctx.state(), "pgshift-cleanup");
             Connection target = Connections.open(ctx.target(), "pgshift-cleanup");
             StatementExecutor executor = new StatementExecutor(new UrlConnectionSource(ctx.target()))) {
            RunRecord run = ctx.runs().find(state, runId).orElseThrow(() -> new RunNotFoundException(runId));
            if (run.state() != RunState.SUCCEEDED && run.state() != RunState.CANCELLED) {
                throw new IllegalTransitionException("run " + runId + " is " + run.state() + ": its sync triggers are"
                        + " dropped by cleanup only once it has ended (SUCCEEDED or CANCELLED); a rollback drops them too");
            }
            List<Reliance> seen = reliance.sampleLive(state, target, runId);
            List<Reliance> relied = seen.stream().filter(Reliance::reliedOn).toList();
            if (!relied.isEmpty() && !force) {
                throw new WritersStillRelyException("cleanup of run " + runId + " refused, nothing dropped", relied);
            }
            Settings settings = settings(state, run);
            List<Reliance> dropped = new ArrayList<>();
            for (Reliance r : seen) {
                drop(state, target, executor, new Drop(r, settings, actor, force ? Kind.FORCED : Kind.ON_REQUEST));
                dropped.add(r);
            }
            return new Result(run, dropped, force && !relied.isEmpty());
        }
    }

    /**
     * The daemon's automatic cleanup: samples every live trigger of the target (keeping the
     * evidence fresh, also for held runs whose driver is not running) and drops the retained
     * ones that have been quiet for their quiet period. One trigger's failure (a lock it could not
     * get) is logged and left for the next pass; it never stops the others.
     *
     * @return the triggers dropped
     */
    public List<Reliance> dropQuiet(String actor) throws SQLException {
        List<Reliance> dropped = new ArrayList<>();
        try (Connection state = Connections.open(ctx.state(), "pgshift-cleanup");
             Connection target = Connections.open(ctx.target(), "pgshift-cleanup");
             StatementExecutor executor = new StatementExecutor(new UrlConnectionSource(ctx.target()))) {
            for (SyncTrigger t : store.live(state)) {
                Reliance r = reliance.sample(state, target, t);
                if (t.state() != SyncTriggerState.RETAINED || r.reliedOn()) {
                    continue;
                }
                try {
                    RunRecord run = ctx.runs().find(state, t.runId()).orElseThrow(() -> new RunNotFoundException(t.runId()));
                    drop(state, target, executor, new Drop(r, settings(state, run), actor, Kind.AUTOMATIC));
                    dropped.add(r);
                } catch (WritersStillRelyException | StatementFailedException
                         | io.pgshift.exec.LockRetriesExhaustedException e) {
                    LOG.warn("automatic cleanup left sync trigger {} on {} in place for now: {}", t.name(),
                            t.table().display(), e.getMessage().split("\n", 2)[0]);
                }
            }
        }
        return dropped;
    }

    private enum Kind { ON_REQUEST, FORCED, AUTOMATIC }

    /** A retained trigger to drop on the evidence {@code r}, under the run's {@code settings}, for whom and why. */
    private record Drop(Reliance r, Settings settings, String actor, Kind kind) {
    }

    private void drop(Connection state, Connection target, StatementExecutor executor, Drop drop) throws SQLException {
        Reliance r = drop.r();
        Settings settings = drop.settings();
        String actor = drop.actor();
        Kind kind = drop.kind();
        SyncTrigger t = r.trigger();
        List<Statement> statements = new java.util.ArrayList<>();
        if (t.kind() == io.pgshift.sync.RetainedKind.VIEW) {
            statements.add(io.pgshift.operation.RenameTableOperation.dropView(t.table(), t.name()));
        } else {
            statements.addAll(SyncTriggerOperation.dropStatements(t.table(), t.name(), t.counter().name(),
                    t.counter().clock(), kind == Kind.FORCED ? null : r.filled()));
        }
        if (t.dropsColumn() != null) {
            statements.add(SyncTriggerOperation.dropColumn(t.table(), t.dropsColumn()));
        }
        if (t.afterCleanup() != null) {
            statements.add(new Statement(t.afterCleanup(), t.table().display(), io.pgshift.plan.LockMode.ACCESS_EXCLUSIVE,
                    io.pgshift.plan.TableImpact.METADATA, io.pgshift.plan.TxMode.TRANSACTION,
                    Statement.TimeoutClass.SHORT, null));
        }
        AuditingListener listener = new AuditingListener(ctx.audit(), state, actor,
                AuditingListener.Origin.cleanupOf(t.runId(), t.name()));
        try {
            for (Statement st : statements) {
                executor.execute(st, settings, listener);
            }
        } catch (StatementFailedException e) {
            if (SyncTriggerOperation.WRITERS_CAME_BACK.equals(e.sqlState())) {
                throw new WritersStillRelyException("sync trigger " + t.name() + " kept",
                        List.of(reliance.sample(state, target, t)));
            }
            throw e;
        }
        store.dropped(state, t.id(), actor);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("trigger", t.name());
        details.put("table", t.table().display());
        details.put("kind", kind.name().toLowerCase(java.util.Locale.ROOT));
        details.put("reliance", RelianceDetails.of(r));
        ctx.audit().append(state, new AuditEntry(actor, AuditAction.SYNC_TRIGGER_DROPPED, t.runId(), details));
    }

    /** The lock_timeout and retries of the run's own playbook (with the defaults it was created under). */
    private Settings settings(Connection state, RunRecord run) throws SQLException {
        String yaml = ctx.runs().playbookYaml(state, run.id()).orElseThrow(() -> new RunNotFoundException(run.id()));
        return new PlaybookParser(run.policy().defaults()).parse("run-" + run.id() + ".yaml", yaml).settings();
    }
}
