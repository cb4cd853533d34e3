package io.pgshift.playbook;

/** {@code drop_table}: the table and its rows, for good (never CASCADE). */
public record DropTable(TableRef table) implements ContractStep {
    @Override
    public String kind() {
        return "drop_table";
    }
}
