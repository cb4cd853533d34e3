package io.pgshift.plan;

/** How much of the table a statement reads or writes, which decides how long its lock is held. */
public enum TableImpact {
    /** Catalog only: milliseconds, whatever the table's size. */
    METADATA,
    /** Reads the whole table (index build, constraint validation). */
    SCAN,
    /** Writes some rows (a backfill batch, a seed row). */
    ROWS,
    /** Rewrites every row into a new file: as long as a full copy, under the statement's lock. */
    REWRITE,
    /** pgshift cannot tell (raw SQL it does not recognise). */
    UNKNOWN
}
