package io.pgshift.playbook;

/** A tightening of the contract phase, taken only after the gate found the data ready for it. */
public sealed interface ContractStep permits SetNotNull, AddUnique, AddForeignKey, AddCheck, SetDefault,
        Verify {
    String kind();

    /** The table the step tightens; null for a {@link Verify} query, which names its tables itself. */
    TableRef table();
}
