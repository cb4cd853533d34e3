package io.pgshift.playbook;

/**
 * {@code rename_column}: a new column under the new name, kept equal to the old one in both
 * directions by a trigger and backfilled, so both application versions read and write their own
 * name; the old column goes at cleanup, once nothing writes it any more.
 */
public record RenameColumn(TableRef table, String column, String to) implements ExpandStep {
    @Override
    public String kind() {
        return "rename_column";
    }
}
