package io.pgshift.planner;

import io.pgshift.plan.Plan;
import io.pgshift.plan.PlannedStep;
import io.pgshift.plan.Phase;
import io.pgshift.plan.StepKind;
import io.pgshift.plan.Undo;
import io.pgshift.plan.BackfillDetail;
import io.pgshift.backfill.BackfillJoin;
import io.pgshift.backfill.BackfillTarget;
import io.pgshift.backfill.KeyColumn;
import io.pgshift.catalog.CatalogSnapshot;
import io.pgshift.gate.GateCheck;
import io.pgshift.operation.BackfillOperation;
import io.pgshift.operation.GateOperation;
import io.pgshift.operation.Operation;
import io.pgshift.operation.OperationRegistry;
import io.pgshift.operation.SyncTriggerOperation;
import io.pgshift.playbook.Backfill;
import io.pgshift.playbook.ExpandStep;
import io.pgshift.playbook.Playbook;
import io.pgshift.playbook.StepPath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns a validated playbook and the live catalog into the ordered steps pgshift will run:
 * expand steps; per backfill, the sync trigger then the batches; then the gate, the contract
 * steps and the retention of the sync triggers. Pure: it reads nothing and writes nothing.
 */
public final class Planner {
    /** The key after a backfill's path that names its sync trigger's steps. */
    private static final String KEEP_IN_SYNC = "keep_in_sync";

    /** {@code presentPaths}: playbook paths whose effect the catalog already shows (they will be skipped). */
    public Plan plan(Playbook playbook, CatalogSnapshot catalog, Set<String> presentPaths) {
        TableShapes shapes = new TableShapes(playbook, catalog);
        StepList steps = new StepList(shapes);
        for (int i = 0; i < playbook.expand().size(); i++) {
            String path = StepPath.expand(i, playbook.expand().get(i).kind()).toString();
            steps.add(Phase.EXPAND, path, OperationRegistry.operation(playbook.expand().get(i), catalog),
                    presentPaths.contains(path));
        }
        for (int i = 0; i < playbook.backfill().size(); i++) {
            Backfill b = playbook.backfill().get(i);
            StepPath path = StepPath.backfill(i);
            if (b.keepInSync()) {
                steps.add(Phase.BACKFILL, path.with(KEEP_IN_SYNC).toString(),
                        new SyncTriggerOperation(b, shapes.columnsAfterExpand(b.table())), false);
            }
            steps.addBackfill(path.toString(), b, false, b.keepInSync() ? SyncTriggerOperation.triggerName(b) : null);
        }
        // an expand operation's own backfill (alter_column_type fills its shadow column)
        for (int i = 0; i < playbook.expand().size(); i++) {
            ExpandStep step = playbook.expand().get(i);
            String path = StepPath.expand(i, step.kind()).toString();
            Optional<Backfill> own = OperationRegistry.backfill(step);
            if (own.isPresent()) {
                steps.addBackfill(path, own.get(), presentPaths.contains(path),
                        OperationRegistry.syncTrigger(step).orElse(null));
            }
        }
        List<GateCheck> checks = gateChecks(playbook, presentPaths);
        if (!checks.isEmpty()) {
            steps.add(Phase.CONTRACT, "contract", new GateOperation(checks), false);
        }
        // an expand operation's own contract steps (alter_column_type's swap) come first
        for (int i = 0; i < playbook.expand().size(); i++) {
            String path = StepPath.expand(i, playbook.expand().get(i).kind()).toString();
            for (Operation op : OperationRegistry.contract(playbook.expand().get(i), catalog)) {
                steps.add(Phase.CONTRACT, path, op, presentPaths.contains(path));
            }
        }
        for (int i = 0; i < playbook.contract().size(); i++) {
            String path = StepPath.contract(i, playbook.contract().get(i).kind()).toString();
            steps.add(Phase.CONTRACT, path, OperationRegistry.operation(playbook.contract().get(i), catalog),
                    presentPaths.contains(path));
        }
        // The sync triggers outlive contract: writers of the application's old version may still
        // omit the columns they fill, and their rows would then fail a new NOT NULL (or silently
        // miss the value). The step only records them as retained; cleanup drops them later.
        for (int i = 0; i < playbook.backfill().size(); i++) {
            Backfill b = playbook.backfill().get(i);
            if (b.keepInSync()) {
                steps.addRetained(StepPath.backfill(i).with(KEEP_IN_SYNC).toString(), retainSummary(b, playbook));
            }
        }
        return new Plan(playbook.name(), playbook.checksum(), catalog.database(), catalog.serverVersion(),
                playbook.settings(), steps.list);
    }

    /** The source a {@code from:} backfill joins, named in expressions by its table name; null without one. */
    private static BackfillJoin join(Backfill b) {
        return b.from() == null ? null
                : new BackfillJoin(b.from().table().sql(), b.from().table().name(), b.table().name(), b.from().on());
    }

    private static String retainSummary(Backfill b, Playbook playbook) {
        return "keep trigger " + SyncTriggerOperation.triggerName(b) + " on " + b.table().display()
                + " for writers that omit " + String.join(", ", b.set().keySet()) + " (pgshift cleanup drops it after "
                + io.pgshift.playbook.parse.Durations.format(playbook.settings().deploy().syncQuietPeriod())
                + " without a fill)";
    }

    /**
     * One check per step that existing rows could violate (contract steps, and expand steps that
     * contract for themselves); none for steps already present ({@code presentPaths}).
     */
    public static List<GateCheck> gateChecks(Playbook playbook, Set<String> presentPaths) {
        List<GateCheck> checks = new ArrayList<>();
        for (OperationRegistry.PathedStep s : OperationRegistry.steps(playbook)) {
            if (!presentPaths.contains(s.path().toString())) {
                OperationRegistry.gate(s.path().toString(), s.step()).ifPresent(checks::add);
            }
        }
        return checks;
    }

    /** The plan's steps as they are added, each numbered by its place. */
    private static final class StepList {
        private final List<PlannedStep> list = new ArrayList<>();
        private final TableShapes shapes;

        StepList(TableShapes shapes) {
            this.shapes = shapes;
        }

        void add(Phase phase, String path, Operation op, boolean present) {
            add(phase, path, op, present, null);
        }

        /** {@code syncTrigger}: the trigger keeping the backfill's columns in sync, which its batches pass by; null for none. */
        void addBackfill(String path, Backfill b, boolean present, String syncTrigger) {
            List<KeyColumn> key = shapes.batchKey(b.table());
            BackfillTarget target = new BackfillTarget(b.table().sql(), key, b.set(), b.where(), join(b), syncTrigger);
            add(Phase.BACKFILL, path, new BackfillOperation(b, target), present, estimate(b, target, shapes));
        }

        /** A step that runs nothing: it records that a sync trigger stays after contract. */
        void addRetained(String path, String summary) {
            list.add(new PlannedStep(list.size() + 1, Phase.CONTRACT, StepKind.RETAIN_SYNC_TRIGGER, path, summary,
                    List.of(), false, null));
        }

        private void add(Phase phase, String path, Operation op, boolean present, BackfillDetail estimate) {
            list.add(new PlannedStep(list.size() + 1, phase, op.kind(), path, op.summary(), op.apply(), present, estimate,
                    new Undo(op.rollback(false), op.rollback(true))));
        }
    }

    /** Rows from pg_class.reltuples; batches at the starting size; duration at the target batch time plus pause. */
    private static BackfillDetail estimate(Backfill b, BackfillTarget target, TableShapes shapes) {
        long rows = shapes.estimatedRows(b.table());
        long batches = rows == 0 ? 0 : (rows + b.batch().size() - 1) / b.batch().size();
        Duration duration = Duration.ofMillis(batches * (b.batch().targetMs() + (long) b.batch().pauseMs()));
        String keyText = target.key().stream().map(KeyColumn::name).collect(Collectors.joining(", "));
        String note = (shapes.analysed(b.table()) ? "" : "; table never analysed, run ANALYZE for an estimate")
                + (b.batch().pace() == io.pgshift.backfill.Pace.AUTO
                ? "; pace auto: the time is at the fixed pace, an idle database goes faster and a busy one slower" : "");
        return new BackfillDetail(target, rows, batches, duration, "keyset on (" + keyText + ")"
                + (b.where() == null ? "" : "; rows matching where: at most the estimate")
                + (b.from() == null ? "" : "; values from " + b.from().table().display()
                        + " (rows without a match are left alone)") + note);
    }
}
