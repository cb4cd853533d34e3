package io.pgshift.playbook;

/**
 * {@code add_column}: a new column the running application does not know yet. Nullable, or
 * {@code notNull} with a constant default that fills existing rows and the old application's
 * inserts alike (lint refuses {@code notNull} without such a default).
 */
public record AddColumn(TableRef table, String column, String type, String defaultExpr, boolean notNull)
        implements ExpandStep {
    @Override
    public String kind() {
        return "add_column";
    }
}
