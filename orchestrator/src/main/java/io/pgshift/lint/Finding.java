package io.pgshift.lint;

import io.pgshift.playbook.SourceLocation;
import java.util.Comparator;
import java.util.Locale;
import java.util.Objects;

/**
 * One thing lint found.
 *
 * @param ruleId   the stable id of the rule (docs/LINT_RULES.md)
 * @param path     where in the playbook, e.g. {@code contract[1].set_not_null}
 * @param location the line and column {@code path} is written at
 * @param hint     how to fix it
 */
public record Finding(String ruleId, Severity severity, String path, SourceLocation location, String message,
                      String hint) {
    /** File order; findings without a known line come after those with one, in path order. */
    public static final Comparator<Finding> BY_LOCATION = Comparator
            .comparing((Finding f) -> f.location().file(), Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparingInt(f -> f.location().line() <= 0 ? Integer.MAX_VALUE : f.location().line())
            .thenComparingInt(f -> f.location().column())
            .thenComparing(Finding::path)
            .thenComparing(Finding::severity)
            .thenComparing(Finding::ruleId);

    public Finding {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(message, "message");
    }

    /** {@code users.yaml:12:5: error [expand-not-null-column] expand[0].add_column: ... (hint: ...)}. */
    public String render() {
        return location + ": " + severity.name().toLowerCase(Locale.ROOT) + " [" + ruleId + "] " + path + ": " + message
                + (hint == null || hint.isEmpty() ? "" : "\n    hint: " + hint);
    }
}
