package io.pgshift.lint;

import io.pgshift.playbook.Playbook;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Runs every rule over a playbook and reports the findings in file order. */
public final class Linter {
    private final List<LintRule> rules;

    public Linter(List<LintRule> rules) {
        Set<String> ids = new HashSet<>();
        for (LintRule rule : rules) {
            if (!ids.add(rule.id())) {
                throw new IllegalArgumentException("two lint rules share the id '" + rule.id() + "'");
            }
        }
        this.rules = List.copyOf(rules);
    }

    public List<LintRule> rules() {
        return rules;
    }

    public LintReport lint(Playbook playbook) {
        List<Finding> findings = new ArrayList<>();
        for (LintRule rule : rules) {
            findings.addAll(rule.check(playbook));
        }
        findings.sort(Finding.BY_LOCATION);
        return new LintReport(playbook.name(), findings);
    }
}
