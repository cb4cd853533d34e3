package io.pgshift.operation;

import io.pgshift.catalog.SimulationScope;
import io.pgshift.lint.sql.SqlEffect;
import io.pgshift.plan.LockMode;
import io.pgshift.plan.Phase;
import io.pgshift.plan.Rerun;
import io.pgshift.plan.Statement.TimeoutClass;
import io.pgshift.plan.Statement;
import io.pgshift.plan.StepKind;
import io.pgshift.plan.TableImpact;
import io.pgshift.plan.TxMode;
import io.pgshift.playbook.RawSql;
import io.pgshift.playbook.SqlExpression;
import io.pgshift.playbook.StepFields;
import io.pgshift.playbook.TableRef;
import java.util.List;

/**
 * {@code sql}: run as written, under the same timeouts as every other statement. What it
 * locks and touches comes from the classifier (lint), so the plan can say it.
 * It has no automatic undo.
 *
 * <p>Nothing can tell from the catalog whether raw SQL ran, so it carries no guard. In a
 * transaction it runs once per run ({@link Rerun#ONCE_PER_RUN}: a marker commits with it).
 * Outside one (CONCURRENTLY, VACUUM, ALTER TYPE ... ADD VALUE) nothing can commit with it, so it
 * is refused when the playbook is read unless the playbook declares it idempotent, and then it
 * runs again after a crash.
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
        return List.of(new Statement(spec.sql().strip(), table, lock, impact, tx, timeout, null, rerun(), null));
    }

    private Rerun rerun() {
        if (tx == TxMode.TRANSACTION) {
            return Rerun.ONCE_PER_RUN;
        }
        if (!spec.idempotent()) {
            // the parser refuses it; a model built otherwise must not slip through into a plan
            throw new IllegalStateException("raw SQL outside a transaction block must be declared idempotent: " + spec.sql());
        }
        return Rerun.DECLARED_IDEMPOTENT;
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

        /** None: the step's value is the statement itself, or a mapping {@link #parse} reads. */
        @Override
        public List<String> fields() {
            return List.of();
        }

        /** {@code - sql: "..."}, or {@code - sql: {statement: "...", idempotent: true}}. */
        @Override
        public RawSql parse(StepFields m) {
            if (m.isText()) {
                return statement(m, null, m.text(), false);
            }
            StepFields fields = m.asMapping("statement", "idempotent");
            return statement(fields, "statement", fields.requireString("statement"), fields.bool("idempotent", false));
        }

        /** {@code key}: where the statement is written (null: it is the step's value). */
        private static RawSql statement(StepFields m, String key, String sql, boolean idempotent) {
            if (sql == null) {
                return null;
            }
            // a raw statement is whole by design, but one only: it runs with Statement.execute, which runs several
            String wrong = SqlExpression.checkStatement(sql);
            if (wrong != null) {
                m.problem(key, sql.isBlank() ? wrong : "expected one SQL statement: " + wrong);
            } else if (!idempotent) {
                SqlEffect effect = RawSqlOperations.effect(sql);
                if (effect.tx() == TxMode.NO_TRANSACTION) {
                    m.problem(key, effect.subject() + " runs outside a transaction block, where pgshift cannot record"
                            + " that it ran: a run resumed after a crash would execute it again; if that is harmless,"
                            + " write sql: {statement: \"...\", idempotent: true}");
                }
            }
            return new RawSql(sql, idempotent);
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
