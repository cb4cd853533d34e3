package io.pgshift.cli;

import io.pgshift.error.ErrorCode;
import io.pgshift.error.PgshiftException;
import io.pgshift.lint.LintReport;
import io.pgshift.lint.Severity;

/** Lint found errors; the findings have been printed already. */
final class LintFailedException extends PgshiftException {
    LintFailedException(LintReport report) {
        super(ErrorCode.LINT_FAILED, "lint found " + report.count(Severity.ERROR) + " error(s) in playbook "
                + report.playbook() + ": fix them (see the findings above) or see docs/LINT_RULES.md");
    }
}
