package io.pgshift.playbook;

/**
 * A step of the contract phase, taken only after the gate found the data ready for it: a
 * tightening, or a drop of what the application no longer uses.
 */
public sealed interface ContractStep permits SetNotNull, AddUnique, AddForeignKey, AddCheck, SetDefault,
        DropColumn, DropIndex, DropConstraint, DropTable, DropNotNull, DropDefault {
    String kind();

    /** The table it changes; null only for a drop_index that names no table. */
    TableRef table();
}
