package io.pgshift.playbook;

/**
 * {@code add_column}: a new column, nullable so that existing writers keep working.
 * {@code notNull} is parsed only so that lint can reject it with a hint (tighten in contract instead).
 */
public record AddColumn(TableRef table, String column, String type, String defaultExpr, boolean notNull)
        implements ExpandStep {
    @Override
    public String kind() {
        return "add_column";
    }
}
