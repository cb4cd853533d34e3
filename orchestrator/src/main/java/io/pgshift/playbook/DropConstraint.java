package io.pgshift.playbook;

/** {@code drop_constraint}: a primary key, unique, foreign key, check or exclusion constraint by name. */
public record DropConstraint(TableRef table, String name) implements ContractStep {
    @Override
    public String kind() {
        return "drop_constraint";
    }
}
