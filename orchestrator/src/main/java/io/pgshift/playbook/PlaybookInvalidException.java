package io.pgshift.playbook;

import io.pgshift.error.ErrorCode;
import io.pgshift.error.PgshiftException;
import java.util.List;
import java.util.stream.Collectors;

/** The playbook does not follow the playbook language; carries every problem found, in file order. */
public final class PlaybookInvalidException extends PgshiftException {
    private final List<PlaybookProblem> problems;

    public PlaybookInvalidException(List<PlaybookProblem> problems) {
        super(ErrorCode.PLAYBOOK_INVALID, summary(problems));
        this.problems = List.copyOf(problems);
    }

    public List<PlaybookProblem> problems() {
        return problems;
    }

    private static String summary(List<PlaybookProblem> problems) {
        return problems.stream().map(PlaybookProblem::render).collect(Collectors.joining("\n"));
    }
}
