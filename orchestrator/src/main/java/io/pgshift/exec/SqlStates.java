package io.pgshift.exec;

/** The SQLSTATE codes pgshift acts on (PostgreSQL manual, appendix "Error Codes"). */
public final class SqlStates {
    public static final String LOCK_NOT_AVAILABLE = "55P03";
    public static final String SERIALIZATION_FAILURE = "40001";
    public static final String DEADLOCK_DETECTED = "40P01";
    public static final String ADMIN_SHUTDOWN = "57P01";
    public static final String CRASH_SHUTDOWN = "57P02";
    public static final String CANNOT_CONNECT_NOW = "57P03";
    public static final String QUERY_CANCELED = "57014";
    public static final String UNIQUE_VIOLATION = "23505";
    /** Class 08: connection exception. */
    public static final String CONNECTION_EXCEPTION_CLASS = "08";

    private SqlStates() {
    }
}
