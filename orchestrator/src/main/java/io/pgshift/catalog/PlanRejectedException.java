package io.pgshift.catalog;

import io.pgshift.error.ErrorCode;
import io.pgshift.error.PgshiftException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The playbook does not fit the live database; carries every problem the validator found. Its
 * message gives one line per problem: where, what is wrong, and how to fix it.
 */
public final class PlanRejectedException extends PgshiftException {
    private final List<PlanProblem> problems;

    public PlanRejectedException(List<PlanProblem> problems) {
        super(ErrorCode.PLAN_REJECTED, problems.stream().map(p -> p.render() + "; " + p.hint()).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<PlanProblem> problems() {
        return problems;
    }
}
