package io.pgshift.playbook;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The fields of one playbook step, as its operation type reads them. Reads never throw: a
 * missing, misspelt or mistyped value is recorded as a problem (with its file, line, column and
 * path) and reads as null, false or empty, so every problem of a file is reported at once.
 */
public interface StepFields {
    /** Where the step is, e.g. {@code contract[1].add_unique}. */
    String path();

    boolean has(String key);

    /** A table name, resolved against the playbook's {@code settings.schema} when it has none. */
    TableRef requireTable(String key);

    String requireIdentifier(String key);

    String optionalIdentifier(String key);

    String requireString(String key);

    String optionalString(String key);

    /** A SQL expression (a default, a check, a where): exactly one, checked by {@link SqlExpression}. */
    String requireExpression(String key);

    String optionalExpression(String key);

    /** A string checked by {@code rule} (which returns null when valid, else what is wrong). */
    String requireChecked(String key, UnaryOperator<String> rule);

    List<String> identifiers(String key, boolean required);

    boolean bool(String key, boolean fallback);

    /** An integer in {@code [min, max]}, or {@code fallback} when absent (or, reported, out of range). */
    int integer(String key, int fallback, int min, int max);

    String choice(String key, String fallback, List<String> allowed);

    /** A nested mapping with {@code keys}; when absent, reported, and every read of it is empty. */
    StepFields requireMap(String key, String... keys);

    /** A nested mapping with {@code keys}, or null when absent. */
    StepFields optionalMap(String key, String... keys);

    /** Each item of a list of mappings with {@code keys}. */
    List<StepFields> mappings(String key, boolean required, String... keys);

    /** The step's value when it is a string rather than a mapping ({@code - sql: "..."}). */
    String text();

    /** Whether the step's value is a string, for an operation that takes a string or a mapping. */
    boolean isText();

    /** The step's value as a mapping with {@code keys}, for an operation that takes a string or a mapping. */
    StepFields asMapping(String... keys);

    /** Reports a problem at the value of {@code key} (the whole step when it is absent). */
    void problem(String key, String message);

    /** Reports a problem at item {@code index} of the list under {@code key}. */
    void problemAt(String key, int index, String message);

    /**
     * Records a name the step creates or takes; a second claim of the same name in the playbook
     * is reported there. {@code key}: the field that wrote it, or null when it was generated.
     */
    void claim(ClaimedName kind, String name, String key);
}
