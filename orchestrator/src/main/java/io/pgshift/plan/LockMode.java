package io.pgshift.plan;

/**
 * PostgreSQL table lock modes, weakest first, with what each blocks for the application.
 * See the "Explicit Locking" chapter of the PostgreSQL manual.
 */
public enum LockMode {
    NONE("no table lock", "nothing"),
    ACCESS_SHARE("ACCESS SHARE", "only ACCESS EXCLUSIVE"),
    ROW_SHARE("ROW SHARE", "EXCLUSIVE and ACCESS EXCLUSIVE"),
    ROW_EXCLUSIVE("ROW EXCLUSIVE", "SHARE and stronger (not reads or writes)"),
    SHARE_UPDATE_EXCLUSIVE("SHARE UPDATE EXCLUSIVE", "other DDL and VACUUM (not reads or writes)"),
    SHARE("SHARE", "writes (INSERT, UPDATE, DELETE)"),
    SHARE_ROW_EXCLUSIVE("SHARE ROW EXCLUSIVE", "writes and other DDL"),
    EXCLUSIVE("EXCLUSIVE", "writes and SELECT ... FOR UPDATE"),
    ACCESS_EXCLUSIVE("ACCESS EXCLUSIVE", "everything, reads included");

    private final String sqlName;
    private final String blocks;

    LockMode(String sqlName, String blocks) {
        this.sqlName = sqlName;
        this.blocks = blocks;
    }

    public String sqlName() {
        return sqlName;
    }

    /** What the application cannot do while this lock is held (or queued for). */
    public String blocks() {
        return blocks;
    }

    /** Locks at least this strong block the application's writes while held or queued. */
    public boolean blocksWrites() {
        return compareTo(SHARE) >= 0;
    }
}
