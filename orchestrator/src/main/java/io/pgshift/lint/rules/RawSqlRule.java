package io.pgshift.lint.rules;

import io.pgshift.lint.Finding;
import io.pgshift.lint.LintRule;
import io.pgshift.lint.Severity;
import io.pgshift.lint.sql.RawSqlClassifier;
import io.pgshift.lint.sql.SqlEffect;
import io.pgshift.playbook.ExpandStep;
import io.pgshift.playbook.Playbook;
import io.pgshift.playbook.RawSql;
import java.util.ArrayList;
import java.util.List;

/** A rule about the raw {@code sql:} steps of expand: one finding per statement it applies to. */
abstract class RawSqlRule implements LintRule {
    private final RawSqlClassifier classifier;
    private final String id;
    private final Severity severity;
    private final String description;

    RawSqlRule(RawSqlClassifier classifier, String id, Severity severity, String description) {
        this.classifier = classifier;
        this.id = id;
        this.severity = severity;
        this.description = description;
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final Severity severity() {
        return severity;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final List<Finding> check(Playbook playbook) {
        List<Finding> findings = new ArrayList<>();
        List<ExpandStep> expand = playbook.expand();
        for (int i = 0; i < expand.size(); i++) {
            if (expand.get(i) instanceof RawSql raw) {
                for (SqlEffect effect : classifier.classifyAll(raw.sql())) {
                    if (appliesTo(effect)) {
                        findings.add(finding(playbook, Paths.expand(i, raw.kind()), message(effect), hint(effect)));
                    }
                }
            }
        }
        return findings;
    }

    protected abstract boolean appliesTo(SqlEffect effect);

    protected abstract String message(SqlEffect effect);

    protected abstract String hint(SqlEffect effect);
}
