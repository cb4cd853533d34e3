package io.pgshift.engine;

import io.pgshift.audit.AuditAction;
import io.pgshift.audit.AuditEntry;
import io.pgshift.plan.PlannedStep;
import io.pgshift.plan.StepKind;
import io.pgshift.operation.RenameColumnOperation;
import io.pgshift.playbook.RenameColumn;
import io.pgshift.operation.SyncTriggerOperation;
import io.pgshift.playbook.Backfill;
import io.pgshift.sync.FillCounter;
import io.pgshift.sync.Reliance;
import io.pgshift.sync.RelianceDetails;
import io.pgshift.sync.RelianceReader;
import io.pgshift.sync.RetainedKind;
import io.pgshift.sync.SyncTrigger;
import io.pgshift.sync.SyncTriggerState;
import io.pgshift.sync.SyncTriggerStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The driver's part in a sync trigger's life: it records the trigger once installed, samples its
 * fill counter while the run goes on (the evidence complete and cleanup decide from), and at the
 * end of contract records it RETAINED, with why, instead of dropping it: writers of the old
 * application version may still omit its columns.
 */
final class SyncTriggers {
    private final EngineContext ctx;
    private final SyncTriggerStore store = new SyncTriggerStore();
    private final RelianceReader reliance = new RelianceReader(store);

    SyncTriggers(EngineContext ctx) {
        this.ctx = ctx;
    }

    /** Records the trigger that {@code step} (INSTALL_SYNC_TRIGGER of {@code backfill}) installed; idempotent. */
    SyncTrigger installed(Connection state, LoadedRun run, PlannedStep step, Backfill backfill) throws SQLException {
        return store.register(state, new SyncTriggerStore.Installed(run.id(), step.ordinal(), RetainedKind.SYNC_TRIGGER,
                backfill.table(),
                SyncTriggerOperation.triggerName(backfill), List.copyOf(backfill.set().keySet()),
                new FillCounter(backfill.table().schema(), SyncTriggerOperation.counterName(backfill),
                        SyncTriggerOperation.clockName(backfill)), null, null,
                run.playbook().settings().deploy().syncQuietPeriod()));
    }

    /**
     * After alter_column_type's swap (step {@code swap}): its trigger now keeps the old column,
     * which stays for a rollback window, equal to the new one. Both are recorded RETAINED, for
     * cleanup to drop once the run's quiet period has passed; the trigger counts nothing, so its
     * quiet time runs from the swap.
     */
    void swapped(Connection state, LoadedRun run, PlannedStep swap, io.pgshift.playbook.AlterColumnType step)
            throws SQLException {
        SyncTrigger t = store.register(state, new SyncTriggerStore.Installed(run.id(), swap.ordinal(),
                RetainedKind.SHADOW_TRIGGER, step.table(),
                io.pgshift.operation.AlterColumnTypeOperation.triggerName(step), List.of(step.retired()),
                new FillCounter(step.table().schema(), step.retired() + "_counter", step.retired() + "_clock"),
                step.retired(), null, run.playbook().settings().deploy().syncQuietPeriod()));
        store.retain(state, t.id());
        ctx.audit().append(state, new AuditEntry(ctx.node(), AuditAction.SYNC_TRIGGER_RETAINED, run.id(),
                Map.of("step", swap.path(), "trigger", t.name(), "old_column", step.retired(),
                        "reason", "the old column follows the new one until cleanup drops both")));
    }

    /** After rename_table (step {@code rename}): the view under the old name is kept until cleanup. */
    void renamed(Connection state, LoadedRun run, PlannedStep rename, io.pgshift.playbook.RenameTable step)
            throws SQLException {
        String view = step.table().name();
        SyncTrigger t = store.register(state, new SyncTriggerStore.Installed(run.id(), rename.ordinal(), RetainedKind.VIEW,
                step.renamed(), view, List.of(), new FillCounter(step.table().schema(), view + "_counter", view + "_clock"),
                null, null, run.playbook().settings().deploy().syncQuietPeriod()));
        store.retain(state, t.id());
        ctx.audit().append(state, new AuditEntry(ctx.node(), AuditAction.SYNC_TRIGGER_RETAINED, run.id(),
                Map.of("step", rename.path(), "view", view, "table", step.renamed().display(),
                        "reason", "the view keeps the old name working until cleanup drops it")));
    }

    /**
     * After rename_column's expand step: its two-way trigger counts the old version's writes of
     * the old name, as a keep_in_sync trigger counts its fills; cleanup drops it with the old column.
     */
    SyncTrigger renamedColumn(Connection state, LoadedRun run, PlannedStep step, RenameColumn rename)
            throws SQLException {
        return store.register(state, new SyncTriggerStore.Installed(run.id(), step.ordinal(), RetainedKind.SYNC_TRIGGER,
                rename.table(), RenameColumnOperation.triggerName(rename), List.of(rename.column()),
                new FillCounter(rename.table().schema(), RenameColumnOperation.counterName(rename),
                        RenameColumnOperation.clockName(rename)), null, RenameColumnOperation.retireOldColumn(rename),
                run.playbook().settings().deploy().syncQuietPeriod()));
    }

    /** Contract of rename_column done (step {@code prepare}): its trigger stays, RETAINED, until cleanup. */
    void retainRename(Connection state, Connection target, LoadedRun run, PlannedStep prepare, RenameColumn rename)
            throws SQLException {
        PlannedStep install = run.plan().steps().stream()
                .filter(s -> s.kind() == StepKind.RENAME_COLUMN && s.path().equals(prepare.path())).findFirst().orElseThrow();
        SyncTrigger t = renamedColumn(state, run, install, rename);
        store.retain(state, t.id());
        Reliance r = reliance.sample(state, target, store.find(state, t.id()).orElseThrow());
        ctx.audit().append(state, new AuditEntry(ctx.node(), AuditAction.SYNC_TRIGGER_RETAINED, run.id(),
                Map.of("step", prepare.path(), "reliance", RelianceDetails.of(r))));
    }

    /** Samples every trigger of the run that is not dropped; returns their reliance. */
    List<Reliance> sample(Connection state, Connection target, long runId) throws SQLException {
        List<Reliance> out = new ArrayList<>();
        for (SyncTrigger t : store.ofRun(state, runId)) {
            if (t.state() != SyncTriggerState.DROPPED) {
                out.add(reliance.sample(state, target, t));
            }
        }
        return out;
    }

    /**
     * End of contract for the trigger of {@code step}: kept in place, recorded RETAINED and audited
     * with the evidence, so the report, status and the API say which trigger stays and why.
     */
    void retain(Connection state, Connection target, LoadedRun run, Backfill backfill, PlannedStep step)
            throws SQLException {
        PlannedStep install = run.plan().steps().stream()
                .filter(s -> s.kind() == StepKind.INSTALL_SYNC_TRIGGER && s.path().equals(step.path()))
                .findFirst().orElseThrow();
        // recorded at install already, unless the driver stopped right after installing it
        SyncTrigger t = installed(state, run, install, backfill);
        store.retain(state, t.id());
        Reliance r = reliance.sample(state, target, store.find(state, t.id()).orElseThrow());
        ctx.audit().append(state, new AuditEntry(ctx.node(), AuditAction.SYNC_TRIGGER_RETAINED, run.id(),
                Map.of("step", step.path(), "reliance", RelianceDetails.of(r))));
    }
}
