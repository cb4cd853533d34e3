package io.pgshift.plan;

/**
 * One SQL statement of a plan, with what it costs the application.
 *
 * @param sql     the exact statement, identifiers quoted
 * @param table   the table whose lock matters (display name), or null
 * @param lock    the strongest lock it takes on {@code table}
 * @param impact  how much of the table it touches
 * @param tx      whether it may run in a transaction block
 * @param timeout which statement_timeout applies
 * @param guard   a query returning true when the statement's effect is already present
 *                (so re-running is a no-op), or null when the statement is idempotent by itself
 */
public record Statement(String sql, String table, LockMode lock, TableImpact impact, TxMode tx,
                        TimeoutClass timeout, String guard) {
    /** Which of the playbook's statement timeouts bounds a statement. */
    public enum TimeoutClass {
        /** {@code settings.statement_timeout}: statements holding strong locks must be quick. */
        SHORT,
        /** {@code settings.scan_statement_timeout}: scans under weak locks (index builds, VALIDATE). */
        SCAN
    }
}
