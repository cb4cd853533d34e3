package io.pgshift.exec;

import io.pgshift.plan.PlannedStep;
import io.pgshift.plan.Statement;
import io.pgshift.plan.TxMode;
import io.pgshift.playbook.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Runs a plan step's statements in order through a {@link StatementExecutor}.
 *
 * <p>A failed {@code CREATE INDEX CONCURRENTLY} may leave its index behind, INVALID: it enforces
 * nothing, yet {@code IF NOT EXISTS} would skip the rebuild. So a concurrent build is never
 * retried alone: each retry first redoes the step's earlier statements (the guarded
 * {@code DROP INDEX CONCURRENTLY} of an invalid leftover comes first in every such step), i.e. the
 * step restarts from its first statement. A build that fails for good leaves the step failed; the
 * next run executes the step from its first statement too, which drops the leftover.
 */
public final class StepExecutor {
    private static final Pattern CONCURRENT_BUILD =
            Pattern.compile("\\s*CREATE\\s+(UNIQUE\\s+)?INDEX\\s+CONCURRENTLY\\b", Pattern.CASE_INSENSITIVE);

    private final StatementExecutor statements;

    public StepExecutor(StatementExecutor statements) {
        this.statements = Objects.requireNonNull(statements, "statements");
    }

    /** One outcome per statement, in order; throws as {@link StatementExecutor#execute} does. */
    public List<StatementOutcome> execute(PlannedStep step, Settings settings, StatementListener listener) {
        List<Statement> all = step.statements();
        List<StatementOutcome> outcomes = new ArrayList<>(all.size());
        for (int i = 0; i < all.size(); i++) {
            Statement st = all.get(i);
            var beforeRetry = isConcurrentBuild(st)
                    ? redo(all.subList(0, i), settings, listener)
                    : StatementExecutor.BeforeRetry.NOTHING;
            outcomes.add(statements.execute(st, settings, listener, beforeRetry));
        }
        return outcomes;
    }

    static boolean isConcurrentBuild(Statement st) {
        return st.tx() == TxMode.NO_TRANSACTION && CONCURRENT_BUILD.matcher(st.sql()).lookingAt();
    }

    /** A failure while redoing counts as a failed attempt of the build, and is retried (or not) like one. */
    private StatementExecutor.BeforeRetry redo(List<Statement> earlier, Settings settings, StatementListener listener) {
        return () -> {
            for (Statement st : earlier) {
                statements.runOnce(st, settings, listener);
            }
        };
    }
}
