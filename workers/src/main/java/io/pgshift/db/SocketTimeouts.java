package io.pgshift.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * How long a connection waits for a silent server: a little longer than the statement it runs.
 *
 * <p>The server's statement_timeout must always fire first: it cancels the statement cleanly
 * (57014) and says which one, while a socket timeout only says "I/O error" and leaves the
 * connection unusable. So the client waits the statement's timeout plus a margin: half the
 * timeout again, at least {@link #MIN_MARGIN} (a round trip, the server reaching its next
 * interrupt check) and at most {@link #MAX_MARGIN} (a 6-hour index build need not wait 3 more
 * hours to notice a dead network). Past that, the server cannot answer: the network dropped the
 * connection without a reset (a firewall, a failover, a cable), and the read fails with an
 * 08006 error instead of blocking for ever.
 *
 * <p>A socket timeout bounds each read, not the statement: a result that streams in resets it.
 * It is a property of the socket, so a connection running statements with different timeouts
 * sets it before each one ({@link #set}).
 */
public final class SocketTimeouts {
    static final Duration MIN_MARGIN = Duration.ofSeconds(1);
    static final Duration MAX_MARGIN = Duration.ofSeconds(30);
    /** pgJDBC ignores the executor (it sets SO_TIMEOUT); JDBC only requires one. */
    private static final Executor DIRECT = Runnable::run;

    private SocketTimeouts() {
    }

    /**
     * The socket timeout for a statement that runs under {@code statementTimeout}. Zero, PostgreSQL's
     * "no limit" (a playbook's {@code scan_statement_timeout: 0}), gives zero: no socket timeout,
     * since no silence is too long for such a statement; keepalive still notices a dead peer.
     */
    public static Duration outlasting(Duration statementTimeout) {
        Objects.requireNonNull(statementTimeout, "statementTimeout");
        if (statementTimeout.isNegative()) {
            throw new IllegalArgumentException("a statement timeout cannot be negative, got " + statementTimeout);
        }
        if (statementTimeout.isZero()) {
            return Duration.ZERO;
        }
        Duration half = statementTimeout.dividedBy(2);
        Duration margin = half.compareTo(MIN_MARGIN) < 0 ? MIN_MARGIN : half.compareTo(MAX_MARGIN) > 0 ? MAX_MARGIN : half;
        return statementTimeout.plus(margin);
    }

    /** Makes every later read on {@code c} fail after {@code timeout} of silence (zero: never). */
    public static void set(Connection c, Duration timeout) throws SQLException {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("a socket timeout cannot be negative, got " + timeout);
        }
        // under a millisecond would round to 0, which means none: keep it a bound
        long millis = timeout.isZero() ? 0 : Math.max(1, timeout.toMillis());
        c.setNetworkTimeout(DIRECT, (int) Math.min(Integer.MAX_VALUE, millis));
    }

    /** Sets {@code timeout} for a while; returns the timeout before (milliseconds, 0: none) for {@link #restore}. */
    public static int replace(Connection c, Duration timeout) throws SQLException {
        int before = c.getNetworkTimeout();
        set(c, timeout);
        return before;
    }

    /** Puts back what {@link #replace} returned. */
    public static void restore(Connection c, int beforeMillis) throws SQLException {
        c.setNetworkTimeout(DIRECT, beforeMillis);
    }

    /** Sets the socket timeout that outlasts {@code statementTimeout}: call before running such a statement. */
    public static void outlast(Connection c, Duration statementTimeout) throws SQLException {
        set(c, outlasting(statementTimeout));
    }
}
