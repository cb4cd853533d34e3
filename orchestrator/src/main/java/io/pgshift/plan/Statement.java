package io.pgshift.plan;

import java.util.Objects;

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
 * @param rerun   what makes reaching it again safe
 * @param marker  for {@link Rerun#ONCE_PER_RUN}, once bound to its run step: the SQL that records it,
 *                run after it in the same transaction (its guard sees that record); null otherwise
 */
public record Statement(String sql, String table, LockMode lock, TableImpact impact, TxMode tx,
                        TimeoutClass timeout, String guard, Rerun rerun, String marker) {
    public Statement {
        Objects.requireNonNull(rerun, "rerun");
        if (rerun == Rerun.ONCE_PER_RUN && tx != TxMode.TRANSACTION) {
            throw new IllegalArgumentException("a statement run once per run needs a transaction to commit its marker in: "
                    + sql);
        }
        if (marker != null && rerun != Rerun.ONCE_PER_RUN) {
            throw new IllegalArgumentException("only a statement run once per run has a marker: " + sql);
        }
    }

    /** A statement that is idempotent by itself or guarded. */
    public Statement(String sql, String table, LockMode lock, TableImpact impact, TxMode tx, TimeoutClass timeout,
                     String guard) {
        this(sql, table, lock, impact, tx, timeout, guard, Rerun.GUARDED, null);
    }

    /** This {@link Rerun#ONCE_PER_RUN} statement bound to its run step: {@code guard} sees what {@code marker} writes. */
    public Statement once(String guard, String marker) {
        if (rerun != Rerun.ONCE_PER_RUN) {
            throw new IllegalStateException("not a statement run once per run: " + sql);
        }
        return new Statement(sql, table, lock, impact, tx, timeout, Objects.requireNonNull(guard, "guard"), rerun,
                Objects.requireNonNull(marker, "marker"));
    }

    /** A {@link Rerun#ONCE_PER_RUN} statement not yet bound to its run step: it must not run like this. */
    public boolean unbound() {
        return rerun == Rerun.ONCE_PER_RUN && marker == null;
    }

    /** Which of the playbook's statement timeouts bounds a statement. */
    public enum TimeoutClass {
        /** {@code settings.statement_timeout}: statements holding strong locks must be quick. */
        SHORT,
        /** {@code settings.scan_statement_timeout}: scans under weak locks (index builds, VALIDATE). */
        SCAN
    }
}
