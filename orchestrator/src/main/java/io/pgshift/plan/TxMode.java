package io.pgshift.plan;

/** Whether a statement may run inside a transaction block. */
public enum TxMode {
    /** Runs in its own short transaction. */
    TRANSACTION,
    /** Must run with no open transaction on its connection (CONCURRENTLY builds and drops). */
    NO_TRANSACTION
}
