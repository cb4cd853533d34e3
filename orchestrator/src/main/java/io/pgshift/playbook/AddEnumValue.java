package io.pgshift.playbook;

/**
 * {@code add_enum_value}: a new label of an existing enum type, placed before or after an existing
 * one (at most one of {@code before} and {@code after}; both null: at the end). {@code type} is a
 * schema-qualified type name, resolved against {@code settings.schema} like a table's.
 */
public record AddEnumValue(TableRef type, String value, String before, String after) implements ExpandStep {
    @Override
    public String kind() {
        return "add_enum_value";
    }

    /** The label the new one is placed next to, or null when it goes at the end. */
    public String neighbour() {
        return before != null ? before : after;
    }
}
