package io.pgshift.lint;

import java.util.List;
import java.util.stream.Collectors;

/** The findings of one lint run, in file order. */
public record LintReport(String playbook, List<Finding> findings) {
    public LintReport {
        findings = List.copyOf(findings);
    }

    /** Errors stop a playbook from being submitted. */
    public boolean hasErrors() {
        return count(Severity.ERROR) > 0;
    }

    public long count(Severity severity) {
        return findings.stream().filter(f -> f.severity() == severity).count();
    }

    /** One finding per paragraph, then a summary line. */
    public String render() {
        String body = findings.stream().map(Finding::render).collect(Collectors.joining("\n"));
        String summary = playbook + ": " + count(Severity.ERROR) + " error(s), " + count(Severity.WARNING)
                + " warning(s), " + count(Severity.INFO) + " note(s)";
        return body.isEmpty() ? summary : body + "\n" + summary;
    }
}
