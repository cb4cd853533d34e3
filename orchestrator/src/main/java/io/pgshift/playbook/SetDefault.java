package io.pgshift.playbook;

/** {@code set_default}: a column default for rows inserted from now on (metadata only). */
public record SetDefault(TableRef table, String column, String defaultExpr) implements ContractStep {
    @Override
    public String kind() {
        return "set_default";
    }
}
