package io.pgshift.playbook;

/** One thing wrong with a playbook's text: where, at which path inside it, and what was expected. */
public record PlaybookProblem(SourceLocation location, String path, String message) {
    /** {@code users.yaml:12:5: contract[1].add_foreign_key.references: missing key 'table'}. */
    public String render() {
        return location + ": " + (path.isEmpty() ? "" : path + ": ") + message;
    }
}
