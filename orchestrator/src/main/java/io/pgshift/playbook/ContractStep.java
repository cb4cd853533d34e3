package io.pgshift.playbook;

/**
 * A step of the contract phase, taken only after the gate found the data ready for it: a
 * tightening, a check of the team's own, or a drop of what the application no longer uses.
 */
public sealed interface ContractStep permits SetNotNull, AddUnique, AddForeignKey, AddCheck, SetDefault,
        Verify, DropColumn, DropIndex, DropConstraint, DropTable, DropNotNull, DropDefault {
    String kind();

    /** The table the step changes; null for a {@link Verify} query (it names its tables itself) and a drop_index that names no table. */
    TableRef table();
}
