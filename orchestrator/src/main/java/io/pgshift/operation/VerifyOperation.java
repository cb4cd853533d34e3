package io.pgshift.operation;

import io.pgshift.catalog.SimulationScope;
import io.pgshift.gate.GateCheck;
import io.pgshift.lint.sql.RawSqlClassifier;
import io.pgshift.lint.sql.SqlEffect;
import io.pgshift.lint.sql.StatementType;
import io.pgshift.plan.LockMode;
import io.pgshift.plan.Phase;
import io.pgshift.plan.Statement;
import io.pgshift.plan.StepKind;
import io.pgshift.playbook.SqlExpression;
import io.pgshift.playbook.StepFields;
import io.pgshift.playbook.TableRef;
import io.pgshift.playbook.Verify;
import java.util.List;
import java.util.Optional;

/**
 * {@code verify}: the team's own check, run by the gate with its built-in counts before any
 * contract statement; the gate fails, with the count, unless it equals {@code expect}. The step
 * itself runs no statement: the run records it SUCCEEDED when contract reaches it (the gate that
 * let contract start held it), and a rollback has nothing to undo.
 */
public final class VerifyOperation implements Operation {
    public static final OperationType<Verify> TYPE = new Type();
    private static final RawSqlClassifier CLASSIFIER = new RawSqlClassifier();

    private final Verify spec;

    public VerifyOperation(Verify spec) {
        this.spec = spec;
    }

    @Override
    public StepKind kind() {
        return StepKind.VERIFY;
    }

    @Override
    public String summary() {
        return "verify at the gate: " + description(spec) + " = " + spec.expect();
    }

    /** None: the gate runs the check. */
    @Override
    public List<Statement> apply() {
        return List.of();
    }

    @Override
    public List<Statement> rollback(boolean dropData) {
        return List.of();
    }

    /** What is counted, for people: the step's description, else its query or predicate on one line. */
    static String description(Verify v) {
        if (v.description() != null) {
            return v.description();
        }
        String counted = v.chunked() ? "rows of " + v.table().display() + " where " + v.where()
                : "rows counted by " + v.sql();
        String oneLine = counted.strip().replaceAll("\\s+", " ");
        return oneLine.length() > 100 ? oneLine.substring(0, 97) + "..." : oneLine;
    }

    /** The query as written, without the semicolons that may end it. */
    static String query(String sql) {
        String q = sql.strip();
        while (q.endsWith(";")) {
            q = q.substring(0, q.length() - 1).strip();
        }
        return q;
    }

    private static final class Type implements OperationType<Verify> {
        @Override
        public String key() {
            return "verify";
        }

        @Override
        public Phase phase() {
            return Phase.CONTRACT;
        }

        @Override
        public Class<Verify> model() {
            return Verify.class;
        }

        @Override
        public List<String> fields() {
            return List.of("sql", "table", "where", "expect", "description");
        }

        @Override
        public Verify parse(StepFields m) {
            boolean query = m.has("sql");
            if (query == m.has("table")) {
                m.problem(null, query ? "sql and table are two forms of verify: use one (a query, or a table and a"
                        + " where predicate counted in chunks)" : "expected sql (a counting query) or table and where"
                        + " (a predicate over each row)");
            }
            String sql = query ? checked(m, "sql", Type::countingQuery) : null;
            TableRef table = m.has("table") ? m.requireTable("table") : null;
            String where = null;
            if (table != null) {
                where = checked(m, "where", Type::predicate);
            } else if (query && m.has("where")) {
                m.problem("where", "where belongs to the table form of verify: give the table it filters, or put the"
                        + " condition in the query");
            }
            return new Verify(sql, table, where, m.integer("expect", 0, 0, Integer.MAX_VALUE),
                    m.optionalString("description"));
        }

        /** A required string, reported at its key with what {@code rule} says is wrong with it. */
        private static String checked(StepFields m, String key, java.util.function.UnaryOperator<String> rule) {
            String text = m.requireString(key);
            String wrong = text == null ? null : rule.apply(text);
            if (wrong != null) {
                m.problem(key, wrong);
            }
            return text;
        }

        /** What is wrong with a verify query, or null: one SELECT (or WITH ... SELECT) that only reads. */
        private static String countingQuery(String sql) {
            if (sql.isBlank()) {
                return "expected a query returning one count, got an empty string";
            }
            String wrong = SqlExpression.checkStatement(sql);
            if (wrong != null) {
                return "expected one query per verify step: " + wrong;
            }
            SqlEffect effect = CLASSIFIER.classify(sql);
            if (effect.type() != StatementType.SELECT) {
                return "expected a SELECT (or WITH ... SELECT) returning one count, e.g. SELECT count(*) FROM users"
                        + " WHERE ...; got " + (effect.type() == StatementType.UNKNOWN ? "another statement"
                        : effect.type().label());
            }
            if (effect.lock() != LockMode.ACCESS_SHARE) {
                return "a verify query only reads: no INSERT, UPDATE or DELETE in its WITH, no FOR UPDATE or FOR SHARE";
            }
            return null;
        }

        private static String predicate(String where) {
            if (where.isBlank()) {
                return "expected a predicate over each row, e.g. role = 'student' AND school_class_id IS NULL";
            }
            String wrong = SqlExpression.expressionProblem(where);
            return wrong == null ? null : "expected one predicate: " + wrong;
        }

        @Override
        public Operation operation(Verify step) {
            return new VerifyOperation(step);
        }

        @Override
        public Optional<GateCheck> gate(String path, Verify v) {
            String description = description(v) + " (verify: expected " + v.expect() + ")";
            return Optional.of(v.chunked()
                    ? GateCheck.rows(path, description, v.table(), "(" + v.where() + ")", v.expect())
                    : GateCheck.query(path, description, query(v.sql()), v.expect()));
        }

        /** The table of the chunked form must exist by then; a query may name columns expand creates, so it is not checked here. */
        @Override
        public void simulate(SimulationScope sim, String path, Verify step) {
            if (step.table() != null) {
                sim.requireTable(path + ".table", step.table());
            }
        }

        /** The chunked form reads its table; a query's tables are its own (not claimed, not checked). */
        @Override
        public void needs(Verify step, TableNeeds.Builder needs) {
            needs.add(step.table(), TableNeeds.Need.SELECT);
        }
    }
}
