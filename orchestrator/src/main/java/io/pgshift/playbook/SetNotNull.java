package io.pgshift.playbook;

/** {@code set_not_null}. */
public record SetNotNull(TableRef table, String column) implements ContractStep {
    @Override
    public String kind() {
        return "set_not_null";
    }
}
