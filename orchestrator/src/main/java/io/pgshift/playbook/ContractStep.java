package io.pgshift.playbook;

/** A tightening of the contract phase, taken only after the gate found the data ready for it. */
public sealed interface ContractStep permits SetNotNull, AddUnique, AddForeignKey, AddCheck, SetDefault {
    String kind();

    TableRef table();
}
