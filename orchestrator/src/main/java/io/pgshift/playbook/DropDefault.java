package io.pgshift.playbook;

/** {@code drop_default}: rows inserted from then on without the column get NULL. */
public record DropDefault(TableRef table, String column) implements ContractStep {
    @Override
    public String kind() {
        return "drop_default";
    }
}
