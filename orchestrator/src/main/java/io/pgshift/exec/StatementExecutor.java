package io.pgshift.exec;

import io.pgshift.db.SocketTimeouts;
import io.pgshift.plan.DurationText;
import io.pgshift.plan.Rerun;
import io.pgshift.plan.Statement;
import io.pgshift.plan.TxMode;
import io.pgshift.playbook.Settings;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs plan statements on one dedicated connection, safely for the application's traffic:
 * <ul>
 *   <li>the guard runs first, in its own autocommit query: when it says the effect is present,
 *       the statement is skipped;</li>
 *   <li>every attempt runs under the playbook's lock_timeout and the statement's timeout, both
 *       set again on every attempt: a retry never runs with a timeout dropped or raised;</li>
 *   <li>only classified SQLSTATEs are retried ({@link RetryClassifier}), after a jittered,
 *       growing wait, and the guard is checked again first (a commit whose acknowledgement was
 *       lost with the connection may have applied the effect);</li>
 *   <li>a dead connection is replaced before the next attempt; lost again, the database is out of
 *       reach ({@link ConnectionLostException}); no read waits past its statement's timeout
 *       ({@link SocketTimeouts}): a network that drops packets without a reset is noticed; a long
 *       scan's session is watched from another, and its connection dropped once the server no
 *       longer has it ({@link SessionLivenessWatch}: a failover behind a proxy);</li>
 *   <li>a statement run once per run ({@link Rerun#ONCE_PER_RUN}) commits its marker in its own
 *       transaction, and its guard is that marker: once its transaction committed, no attempt,
 *       retry or later run of its step executes it again.</li>
 * </ul>
 *
 * <p>NO_TRANSACTION statements ({@code CREATE/DROP INDEX CONCURRENTLY}) run in autocommit with no
 * transaction open; their timeouts are session settings, reset right after. This connection never
 * holds or waits for an advisory lock: a concurrent index build waits for every transaction that
 * could see the table, including one of another session waiting for an advisory lock held here,
 * which would never end (a deadlock PostgreSQL does not detect, until lock_timeout). Advisory
 * locks (one run per table, the migration lock) belong on other connections.
 *
 * <p>Not thread-safe: one executor per thread of work.
 */
public final class StatementExecutor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StatementExecutor.class);

    /** Extra work before each retry of a statement; see {@link StepExecutor}. */
    @FunctionalInterface
    interface BeforeRetry {
        BeforeRetry NOTHING = () -> {
        };

        void run() throws SQLException;
    }

    /**
     * How long a lock holder may sit idle in transaction before pgshift stops expecting it to end
     * soon. Short: an application between two statements of a transaction is idle for a network
     * round trip; a false alarm costs one backoff, queueing behind a real one costs lock_timeout
     * of every query on the table.
     */
    static final Duration IDLE_GRACE = Duration.ofMillis(10);
    /** How often a statement waiting for a long lock holder to end looks again. */
    static final Duration HOLDER_POLL = Duration.ofMillis(20);
    /** How long (in lock_timeouts) one attempt waits for long lock holders to end before it counts as failed. */
    static final int HOLDER_WAIT_TIMEOUTS = 10;

    private record Attempted(StatementOutcome.Status status, Duration took) {
    }

    private final DedicatedConnection connection;
    /** Where the liveness watch of a long statement opens its own session ({@link SessionLivenessWatch}). */
    private final ConnectionSource source;
    private final RetryLoop retryLoop;
    private final Clock clock;
    private final Jitter jitter;
    private final BlockerInspector blockers = new BlockerInspector();

    public StatementExecutor(ConnectionSource source) {
        this(source, Sleeper.SYSTEM, Clock.systemUTC(), new SplittableRandom(), Jitter.EQUAL);
    }

    public StatementExecutor(ConnectionSource source, Sleeper sleeper, Clock clock, RandomGenerator random,
                             Jitter jitter) {
        this.connection = new DedicatedConnection(source);
        this.source = source;
        this.retryLoop = new RetryLoop(sleeper, random);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.jitter = Objects.requireNonNull(jitter, "jitter");
    }

    /**
     * Runs {@code st} (or skips it when its guard says its effect is present), retrying classified
     * failures within {@code settings.lockRetries()}.
     *
     * @throws LockRetriesExhaustedException every allowed attempt failed with a retryable error
     * @throws StatementFailedException      an error that is not retried
     * @throws ConnectionLostException       the database could not be reached
     * @throws ExecutionInterruptedException the thread was interrupted while waiting to retry
     */
    public StatementOutcome execute(Statement st, Settings settings, StatementListener listener) {
        return execute(st, settings, listener, BeforeRetry.NOTHING);
    }

    StatementOutcome execute(Statement st, Settings settings, StatementListener listener, BeforeRetry beforeRetry) {
        requirePositive(settings.lockTimeout(), "lock_timeout");
        requireBound(st);
        Instant start = clock.instant();
        Backoff backoff = new Backoff(settings.lockRetries(), jitter);
        try {
            var done = retryLoop.run(backoff, attempt -> {
                if (attempt > 1) {
                    beforeRetry.run();
                }
                return attemptOnce(st, settings);
            }, (attempt, error, kind, wait) -> {
                if (kind.connectionLost()) {
                    connection.discard();
                }
                listener.attemptFailed(st, attempt, error, wait);
            });
            var outcome = new StatementOutcome(done.value().status(), done.attempts(),
                    Duration.between(start, clock.instant()), done.value().took(), done.lastError());
            if (outcome.status() == StatementOutcome.Status.SKIPPED) {
                listener.skipped(st);
            } else {
                listener.executed(st, outcome);
            }
            return outcome;
        } catch (RetryLoop.GaveUp g) {
            if (g.kind().connectionLost()) {
                // no blocker to diagnose: the database is out of reach, and waiting for it is the caller's
                connection.discard();
                throw new ConnectionLostException(st, g.attempts(), g.error());
            }
            if (!g.exhausted()) {
                throw new StatementFailedException(st, g.attempts(), g.error());
            }
            throw new LockRetriesExhaustedException(st, new LockAttempts(g.attempts(),
                    Duration.between(start, clock.instant()), g.kind(), blockersOf(st, settings, g.error()), g.error()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExecutionInterruptedException(st, e);
        }
    }

    /**
     * One attempt, no retry: the guard, then the statement. Reports to the listener when it ran or
     * was skipped; a failure is thrown as it came. Used to redo earlier statements of a step.
     */
    void runOnce(Statement st, Settings settings, StatementListener listener) throws SQLException {
        requireBound(st);
        Attempted a = attemptOnce(st, settings);
        if (a.status() == StatementOutcome.Status.SKIPPED) {
            listener.skipped(st);
        } else {
            listener.executed(st, new StatementOutcome(a.status(), 1, a.took(), a.took(), null));
        }
    }

    private Attempted attemptOnce(Statement st, Settings settings) throws SQLException {
        Connection c = connection.get(settings.statementTimeout()); // guards and holder checks: catalog reads
        Instant start = clock.instant();
        if (st.guard() != null && effectPresent(c, st.guard(), settings)) {
            return new Attempted(StatementOutcome.Status.SKIPPED, Duration.between(start, clock.instant()));
        }
        waitForLongHolders(c, st, settings);
        // a scan (an index build) may be silent for its whole timeout: the socket waits a little longer
        SocketTimeouts.outlast(c, timeoutOf(st, settings));
        start = clock.instant(); // an attempt's duration is the statement's, not the wait before it
        // a scan sends nothing until it ends: its session is watched from another (a failover)
        try (SessionLivenessWatch watch = st.timeout() == Statement.TimeoutClass.SCAN
                ? SessionLivenessWatch.start(c, source, st.sql()) : null) {
            if (st.tx() == TxMode.TRANSACTION) {
                inTransaction(c, st, settings);
            } else {
                outsideTransaction(c, st, settings);
            }
        }
        return new Attempted(StatementOutcome.Status.EXECUTED, Duration.between(start, clock.instant()));
    }

    /**
     * Before requesting a lock that would queue the application behind it, looks for a session
     * that holds a conflicting lock and will not let go soon (idle in transaction, or open for
     * lock_timeout already). While there is one, pgshift waits without requesting anything,
     * checking every {@link #HOLDER_POLL}, and goes as soon as it has gone (before the next
     * such session comes); after {@link #HOLDER_WAIT_TIMEOUTS} lock_timeouts the attempt fails
     * as a lock timeout (55P03), retried with the same backoff and budget. Queued behind it
     * instead, every attempt stalled every query of the application on the table for the whole
     * lock_timeout (measured by scripts/bench-zero-downtime). A session that becomes a blocker
     * between this check and the statement is still bounded by lock_timeout.
     */
    private void waitForLongHolders(Connection c, Statement st, Settings settings) throws SQLException {
        if (st.table() == null || !LockConflicts.queuesWrites(st.lock())) {
            return;
        }
        long deadline = System.nanoTime() + settings.lockTimeout().multipliedBy(HOLDER_WAIT_TIMEOUTS).toNanos();
        while (true) {
            var holder = blockers.longHolder(c, st, settings.schema(), settings.lockTimeout(), IDLE_GRACE);
            if (holder.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline || Thread.currentThread().isInterrupted()) {
                throw new LongHolderException(st, holder.get());
            }
            try {
                Thread.sleep(HOLDER_POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the retry loop stops before the next attempt
            }
        }
    }

    /** Guards read the catalog only; the short timeout bounds them all the same. */
    private static boolean effectPresent(Connection c, String guard, Settings settings) throws SQLException {
        try (var s = c.createStatement()) {
            s.setQueryTimeout((int) Math.max(1, settings.statementTimeout().toSeconds()));
            try (ResultSet rs = s.executeQuery(guard)) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private void inTransaction(Connection c, Statement st, Settings settings) throws SQLException {
        c.setAutoCommit(false);
        try (var s = c.createStatement()) {
            // SET LOCAL: the limits end with the transaction, whatever happens to it.
            s.execute("SET LOCAL lock_timeout = " + DurationText.setting(settings.lockTimeout()));
            s.execute("SET LOCAL statement_timeout = " + DurationText.setting(timeoutOf(st, settings)));
            s.execute(st.sql());
            if (st.marker() != null) {
                s.execute(st.marker()); // commits with the statement or not at all: "ran" and "recorded" never disagree
            }
            c.commit();
        } catch (SQLException e) {
            abandon(c, e);
            throw e;
        }
        c.setAutoCommit(true);
    }

    /** Rolls back after a failure; a connection that cannot even do that is replaced. */
    private void abandon(Connection c, SQLException failure) {
        try {
            c.rollback();
            c.setAutoCommit(true);
        } catch (SQLException e) {
            failure.addSuppressed(e);
            connection.discard();
        }
    }

    private void outsideTransaction(Connection c, Statement st, Settings settings) throws SQLException {
        if (!c.getAutoCommit()) {
            throw new IllegalStateException("a NO_TRANSACTION statement needs a connection in autocommit: " + st.sql());
        }
        try (var s = c.createStatement()) {
            s.execute("SET lock_timeout = " + DurationText.setting(settings.lockTimeout()));
            s.execute("SET statement_timeout = " + DurationText.setting(timeoutOf(st, settings)));
            try {
                s.execute(st.sql());
            } finally {
                resetTimeouts(s);
            }
        }
    }

    /**
     * Session settings outlive the statement: they must not leak into the next one (a guard under
     * a 6h scan timeout). If the reset fails the session is dead or unusable, and replacing it
     * discards its settings too, so the statement's own outcome stands.
     */
    private void resetTimeouts(java.sql.Statement s) {
        try {
            s.execute("RESET lock_timeout");
            s.execute("RESET statement_timeout");
        } catch (SQLException e) {
            LOG.warn("could not reset timeouts ({}); replacing the connection", e.getMessage());
            connection.discard();
        }
    }

    /**
     * The statement's timeout. A scan may be given no limit ({@code scan_statement_timeout: 0}, the
     * playbook author's explicit choice for a build that must not be cut short: PostgreSQL takes 0
     * as no limit); a short statement never: its lock is what a timeout protects traffic from.
     */
    private static Duration timeoutOf(Statement st, Settings settings) {
        if (st.timeout() == Statement.TimeoutClass.SCAN) {
            Duration scan = settings.scanStatementTimeout();
            if (scan == null || scan.isNegative()) {
                throw new IllegalArgumentException("scan_statement_timeout must be 0 (no limit) or more, got " + scan);
            }
            return scan;
        }
        requirePositive(settings.statementTimeout(), "statement_timeout");
        return settings.statementTimeout();
    }

    /** Without its marker, nothing would stop a statement meant to run once from running again. */
    private static void requireBound(Statement st) {
        if (st.unbound()) {
            throw new IllegalStateException("a statement run once per run must be bound to its run step first: "
                    + st.sql());
        }
    }

    /** Zero means "no limit" to PostgreSQL: never let a missing setting switch the protection off. */
    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero() || d.toMillis() == 0) {
            throw new IllegalArgumentException(name + " must be at least 1ms, got " + d);
        }
    }

    /** Diagnosis must not hide the failure it explains: its own failure is attached, not thrown. */
    private List<Blocker> blockersOf(Statement st, Settings settings, SQLException failure) {
        try {
            return blockers.find(connection.get(settings.statementTimeout()), st, settings.schema());
        } catch (SQLException e) {
            failure.addSuppressed(e);
            connection.discard();
            return List.of();
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
