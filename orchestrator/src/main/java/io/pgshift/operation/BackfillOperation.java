package io.pgshift.operation;

import io.pgshift.backfill.BackfillTarget;
import io.pgshift.backfill.BatchSql;
import io.pgshift.backfill.KeysetBatchSql;
import io.pgshift.plan.LockMode;
import io.pgshift.plan.Statement;
import io.pgshift.plan.Statement.TimeoutClass;
import io.pgshift.plan.StepKind;
import io.pgshift.plan.TableImpact;
import io.pgshift.plan.TxMode;
import io.pgshift.playbook.Backfill;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A backfill, as the plan shows it: the keyset batch statement each worker repeats. Batches
 * take ROW EXCLUSIVE (like any UPDATE) and hold row locks only for one batch.
 * Rolling back cannot un-write values; it is a no-op.
 */
public final class BackfillOperation implements Operation {
    private final Backfill spec;
    private final BackfillTarget target;

    public BackfillOperation(Backfill spec, BackfillTarget target) {
        this.spec = spec;
        this.target = target;
    }

    public BackfillTarget target() {
        return target;
    }

    @Override
    public StepKind kind() {
        return StepKind.BACKFILL;
    }

    @Override
    public String summary() {
        return "backfill " + spec.table().display() + (spec.from() == null ? "" : " from " + spec.from().describe())
                + " set " + spec.set().entrySet().stream()
                .map(e -> e.getKey() + " = " + e.getValue()).collect(Collectors.joining(", "))
                + (spec.where() == null ? "" : " where " + spec.where());
    }

    @Override
    public List<Statement> apply() {
        BatchSql batch = KeysetBatchSql.build(target, true, true);
        return List.of(new Statement(batch.pick(), spec.table().display(),
                        LockMode.ACCESS_SHARE, TableImpact.ROWS, TxMode.TRANSACTION, TimeoutClass.SHORT, null),
                new Statement(batch.write(), spec.table().display(),
                        LockMode.ROW_EXCLUSIVE, TableImpact.ROWS, TxMode.TRANSACTION, TimeoutClass.SHORT, null));
    }

    @Override
    public List<Statement> rollback(boolean dropData) {
        return List.of();
    }
}
