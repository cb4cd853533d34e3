package io.pgshift.operation;

import io.pgshift.plan.LockMode;
import io.pgshift.plan.Statement;
import io.pgshift.plan.Statement.TimeoutClass;
import io.pgshift.plan.StepKind;
import io.pgshift.plan.TableImpact;
import io.pgshift.plan.TxMode;
import io.pgshift.playbook.RawSql;
import java.util.List;

/**
 * {@code sql}: run as written, under the same timeouts as every other statement. What it
 * locks and touches comes from the classifier (lint), so the plan can say it.
 * It has no automatic undo.
 */
public final class RawSqlOperation implements Operation {
    private final RawSql spec;
    private final String table;
    private final LockMode lock;
    private final TableImpact impact;
    private final TxMode tx;

    public RawSqlOperation(RawSql spec, String table, LockMode lock, TableImpact impact, TxMode tx) {
        this.spec = spec;
        this.table = table;
        this.lock = lock;
        this.impact = impact;
        this.tx = tx;
    }

    @Override
    public StepKind kind() {
        return StepKind.RAW_SQL;
    }

    @Override
    public String summary() {
        String oneLine = spec.sql().strip().replaceAll("\\s+", " ");
        return "sql: " + (oneLine.length() > 70 ? oneLine.substring(0, 67) + "..." : oneLine);
    }

    @Override
    public List<Statement> apply() {
        TimeoutClass timeout = impact == TableImpact.SCAN && !lock.blocksWrites() ? TimeoutClass.SCAN : TimeoutClass.SHORT;
        return List.of(new Statement(spec.sql().strip(), table, lock, impact, tx, timeout, null));
    }

    @Override
    public List<Statement> rollback(boolean dropData) {
        return List.of();
    }
}
