package io.pgshift.cli;

import io.pgshift.lint.LintReport;
import io.pgshift.lint.Linter;
import io.pgshift.playbook.Playbook;
import io.pgshift.playbook.parse.PlaybookParser;
import java.io.PrintWriter;
import java.nio.file.Path;

/** Parse then lint, as every command that takes a playbook does before anything else. */
final class Playbooks {
    private Playbooks() {
    }

    /**
     * Parses and lints {@code file}; prints the findings to {@code err}; throws
     * {@link LintFailedException} when lint found errors, so nothing further runs.
     */
    static Playbook load(Path file, Linter linter, PrintWriter err) {
        Playbook playbook = new PlaybookParser().parse(file);
        LintReport report = linter.lint(playbook);
        if (!report.findings().isEmpty()) {
            err.println(report.render());
            err.flush();
        }
        if (report.hasErrors()) {
            throw new LintFailedException(report);
        }
        return playbook;
    }
}
