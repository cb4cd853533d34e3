package io.pgshift.playbook;

/**
 * {@code drop_index}: {@code index} is the index's name in its schema (its table's); {@code table}
 * is null when the playbook does not name it (the index is then found in the schema).
 */
public record DropIndex(TableRef index, TableRef table) implements ContractStep {
    @Override
    public String kind() {
        return "drop_index";
    }

    public String name() {
        return index.name();
    }
}
