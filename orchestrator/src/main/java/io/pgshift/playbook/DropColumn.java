package io.pgshift.playbook;

/** {@code drop_column}: the column and every row's value of it, for good. */
public record DropColumn(TableRef table, String column) implements ContractStep {
    @Override
    public String kind() {
        return "drop_column";
    }
}
