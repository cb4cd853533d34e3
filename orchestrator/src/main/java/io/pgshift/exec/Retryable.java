package io.pgshift.exec;

/** Why a failed statement may be tried again, or that it may not. */
public enum Retryable {
    /** 55P03 lock_not_available: lock_timeout fired while queued for the table lock. */
    LOCK_TIMEOUT,
    /** 40001 serialization_failure. */
    SERIALIZATION,
    /** 40P01 deadlock_detected: PostgreSQL aborted this side of the cycle. */
    DEADLOCK,
    /** 57P01, 57P02, 57P03: the server (or an operator) ended the session, or is starting up. */
    ADMIN_SHUTDOWN,
    /** 08xxx, a session timeout, a refused login (28P01, 28000, 53300), or an I/O failure without a state: the connection is gone. */
    CONNECTION,
    /** Everything else: retrying would fail the same way, or would be unsafe. */
    NOT_RETRYABLE;

    public boolean retryable() {
        return this != NOT_RETRYABLE;
    }

    /** The session is dead: the next attempt needs a new connection. */
    public boolean connectionLost() {
        return this == ADMIN_SHUTDOWN || this == CONNECTION;
    }
}
