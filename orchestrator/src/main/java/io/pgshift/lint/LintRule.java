package io.pgshift.lint;

import io.pgshift.playbook.Playbook;
import java.util.List;

/** One check of a playbook, made without a database. Each rule has one stable id and one severity. */
public interface LintRule {
    /** Stable kebab-case id, documented in docs/LINT_RULES.md; scripts may depend on it. */
    String id();

    Severity severity();

    /** One line: what the rule looks for. */
    String description();

    List<Finding> check(Playbook playbook);

    /** A finding of this rule at {@code path}, located through {@link Playbook#locate}. */
    default Finding finding(Playbook playbook, String path, String message, String hint) {
        return new Finding(id(), severity(), path, playbook.locate(path), message, hint);
    }
}
