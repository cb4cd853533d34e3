package io.pgshift.playbook;

/** {@code add_check}: a named CHECK constraint; {@code check} is a SQL boolean expression. */
public record AddCheck(TableRef table, String name, String check) implements ContractStep {
    @Override
    public String kind() {
        return "add_check";
    }
}
