package io.pgshift.operation;

import io.pgshift.catalog.SimulationScope;
import io.pgshift.plan.LockMode;
import io.pgshift.plan.Phase;
import io.pgshift.plan.Statement.TimeoutClass;
import io.pgshift.plan.Statement;
import io.pgshift.plan.StepKind;
import io.pgshift.plan.TableImpact;
import io.pgshift.plan.TxMode;
import io.pgshift.playbook.RawSql;
import io.pgshift.playbook.StatementScanner;
import io.pgshift.playbook.StepFields;
import io.pgshift.playbook.TableRef;
import java.util.List;

/**
 * {@code sql}: run as written, under the same timeouts as every other statement. What it
 * locks and touches comes from the classifier (lint), so the plan can say it.
 * It has no automatic undo.
 */
public final class RawSqlOperation implements Operation {
    public static final OperationType<RawSql> TYPE = new Type();

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

    private static final class Type implements OperationType<RawSql> {
        @Override
        public String key() {
            return "sql";
        }

        @Override
        public Phase phase() {
            return Phase.EXPAND;
        }

        @Override
        public StepKind kind() {
            return StepKind.RAW_SQL;
        }

        @Override
        public Class<RawSql> model() {
            return RawSql.class;
        }

        /** None: the step's value is the statement itself. */
        @Override
        public List<String> fields() {
            return List.of();
        }

        @Override
        public RawSql parse(StepFields m) {
            String sql = m.text();
            if (sql == null) {
                return null;
            }
            if (sql.isBlank()) {
                m.problem(null, "expected a SQL statement, got an empty string");
            } else if (StatementScanner.hasSeveralStatements(sql)) {
                m.problem(null, "one statement per sql step: split it into several sql steps");
            }
            return new RawSql(sql);
        }

        @Override
        public Operation operation(RawSql step) {
            return RawSqlOperations.classify(step);
        }

        /** Raw SQL is opaque by design: lint judges it, the catalog cannot. */
        @Override
        public void simulate(SimulationScope sim, String path, RawSql step) {
        }

        @Override
        public void needs(RawSql step, TableNeeds.Builder needs) {
            needs.rawSql();
        }
    }
}
