package io.pgshift.playbook;

/** {@code drop_not_null}: the column accepts NULL again. */
public record DropNotNull(TableRef table, String column) implements ContractStep {
    @Override
    public String kind() {
        return "drop_not_null";
    }
}
