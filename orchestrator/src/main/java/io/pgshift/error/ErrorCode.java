package io.pgshift.error;

/**
 * Every failure pgshift reports has a code, and every code maps to one documented process exit
 * code (README, "Exit codes"). Codes are stable: scripts depend on them.
 */
public enum ErrorCode {
    /** A bug or an unexpected condition: please report it. */
    INTERNAL(1),
    /** Wrong command-line arguments. (picocli's own usage errors also exit 2.) */
    USAGE(2),
    /** The playbook file cannot be read or does not follow the playbook language. */
    PLAYBOOK_INVALID(3),
    /** Lint found at least one finding of severity error. */
    LINT_FAILED(4),
    /** The playbook does not fit the live database (unknown table, conflicting name, ...). */
    PLAN_REJECTED(5),
    /** The database could not be reached or a statement failed. */
    DATABASE(6),
    /**
     * The run cannot do that now: an illegal state transition, a changed playbook under a name
     * that already ran, or another active run on one of its tables.
     */
    RUN_CONFLICT(7),
    /** The run stopped FAILED (a statement, a backfill or the gate); its state says where, resume or roll back. */
    RUN_FAILED(8),
    /** The run stopped PAUSED (Ctrl-C or an operator's pause); the same command resumes it. */
    RUN_PAUSED(9),
    /** {@code pgshift audit verify} found an edited, inserted or deleted audit row. */
    AUDIT_TAMPERED(10),
    /**
     * Targets differ: {@code pgshift targets status} found a playbook applied in one target but
     * not another (or with another checksum), or {@code pgshift schema diff} found the live
     * schemas different.
     */
    DRIFT_FOUND(11),
    /** A backup (pg_dump, its checksum or its verifying restore) failed; nothing was started. */
    BACKUP_FAILED(12),
    /** {@code pgshift preflight} found at least one check that FAILs. */
    PREFLIGHT_FAILED(13),
    /** The daemon refused the token (HTTP 401) or its role for the request (HTTP 403). */
    AUTH(14),
    /**
     * The run is held before contract ({@code hold_before_contract}): deploy the application's
     * new version, then {@code pgshift complete RUN}.
     */
    RUN_HELD(15),
    /**
     * The target's stored policy asks for what this path cannot give (an approval, a backup):
     * submit through the daemon, or break glass with a reason (audited).
     */
    POLICY_REFUSED(16),
    /**
     * The daemon's config names a token whose hash pgshift's examples published: anyone could use
     * it. The daemon does not start; {@code pgshift token new} makes a fresh one.
     */
    PUBLISHED_TOKEN(17),
    /**
     * {@code pgshift restore} refused the backup file: its {@code .sha256} is missing, unreadable
     * or does not match the file. Nothing was touched.
     */
    BACKUP_UNTRUSTED(18),
    /**
     * {@code pgshift restore} could not restore: the {@code --into} database exists, the live tables
     * no longer match the backup, their locks were not granted, or pg_restore failed. The message
     * says what was left as it was.
     */
    RESTORE_FAILED(19);

    private final int exitCode;

    ErrorCode(int exitCode) {
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
