package io.pgshift.api;

import io.pgshift.lint.LintReport;
import io.pgshift.lint.Linter;
import io.pgshift.lint.Severity;
import io.pgshift.playbook.Playbook;
import io.pgshift.playbook.PlaybookDefaults;
import io.pgshift.playbook.parse.PlaybookParser;
import java.util.Map;

/** A playbook posted as YAML, parsed (422 PLAYBOOK_INVALID) and linted (422 LINT_FAILED on any error). */
record LintedPlaybook(Playbook playbook, LintReport lint) {
    /** {@code defaults}: what the target's policy gives settings the playbook leaves out. */
    static LintedPlaybook of(String yaml, Linter linter, PlaybookDefaults defaults) {
        Playbook playbook = new PlaybookParser(defaults).parse("playbook.yaml", yaml);
        LintReport lint = linter.lint(playbook);
        if (lint.hasErrors()) {
            throw new ApiException(422, "LINT_FAILED", "lint found " + lint.count(Severity.ERROR)
                    + " error(s) in playbook '" + playbook.name() + "'",
                    Map.of("findings", SubmitRunHandler.findings(lint.findings())));
        }
        return new LintedPlaybook(playbook, lint);
    }
}
