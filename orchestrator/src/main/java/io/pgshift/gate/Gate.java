package io.pgshift.gate;

import io.pgshift.backfill.AdaptiveBatchSize;
import io.pgshift.backfill.GreatestKey;
import io.pgshift.backfill.KeyColumn;
import io.pgshift.backfill.PaceDecision;
import io.pgshift.backfill.Pacer;
import io.pgshift.backfill.ThrottleProbe;
import io.pgshift.backfill.ThrottleSignals;
import io.pgshift.db.SqlStates;
import io.pgshift.playbook.TableRef;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Counts, before any contract lock is requested, the rows each constraint would reject. Row
 * checks walk the table's key in chunks (each chunk a short read-only statement under ACCESS
 * SHARE), reporting the cursor after every chunk so the caller can persist it; whole-table
 * checks (duplicates, verify queries) run as one read-only statement under the scan timeout. A
 * check passes when its count equals what it expects (0 but for verify steps).
 */
public final class Gate {
    /** The smallest chunk the gate shrinks to: below it each statement's overhead would dominate. */
    private static final int MIN_CHUNK_ROWS = 1000;

    /** How often a paced gate reads the pacer's signals. */
    private static final Duration PROBE_INTERVAL = Duration.ofMillis(500);

    private final int chunkRows;
    private final Duration chunkTarget;
    /** Null: the fixed pause and chunk target; else they follow the database's activity. */
    private final Pacer pacer;
    private long pauseMs;
    private long nextProbe;

    /** Chunks of exactly {@code chunkRows}, back to back (tests, and where nothing runs alongside). */
    public Gate(int chunkRows) {
        this(chunkRows, Duration.ZERO, Duration.ZERO);
    }

    /**
     * As a backfill paces its batches, so live traffic keeps its latency: chunks start at
     * {@code chunkRows} and adapt toward {@code chunkTarget} per scan (never above
     * {@code chunkRows}; zero keeps them fixed), with {@code pause} slept between them. The
     * application's latency tail follows the length of one scan, as it follows a batch's.
     */
    public Gate(int chunkRows, Duration pause, Duration chunkTarget) {
        this(chunkRows, pause, chunkTarget, null);
    }

    /**
     * Paced like a backfill with {@code pace: auto}: {@code pacer} reads who else uses the
     * database every {@link #PROBE_INTERVAL} and sets the chunk target and the pause (flat out
     * on an idle database, short scans and pauses while others work).
     */
    public Gate(int chunkRows, Pacer pacer) {
        this(chunkRows, Duration.ZERO, Duration.ofMillis(Pacer.FULL_SPEED_TARGET_MS), pacer);
    }

    private Gate(int chunkRows, Duration pause, Duration chunkTarget, Pacer pacer) {
        this.chunkRows = chunkRows;
        this.pauseMs = pause.toMillis();
        this.chunkTarget = chunkTarget;
        this.pacer = pacer;
    }

    /**
     * @param checkpoint called with (path, cursor) after every chunk
     * @throws InterruptedException when the thread was interrupted (its node stopping): after the
     *         chunk it was in, whose cursor was saved, so the gate resumes from there
     * @throws GateHaltedException when the request's run was halted while a check's one statement ran
     *         (a chunked check's caller stops it between chunks, from {@code checkpoint})
     */
    public GateResult run(Connection c, GateRequest request, BiConsumer<String, GateCursor> checkpoint)
            throws SQLException, InterruptedException, GateHaltedException {
        Duration scanTimeout = request.scanTimeout();
        List<CheckResult> results = new ArrayList<>();
        for (GateCheck check : request.checks()) {
            GateCursor cursor = request.resumeFrom().getOrDefault(check.path(), GateCursor.START);
            if (!cursor.done()) {
                List<KeyColumn> key = check.chunked() ? request.keys().get(check.table()) : null;
                try {
                    // A table without a usable key cannot be walked in chunks: one counting statement instead.
                    cursor = key != null && !key.isEmpty()
                            ? countInChunks(c, check, key, cursor, checkpoint)
                            : countAtOnce(c, check, scanTimeout, request.halt());
                } catch (SQLException e) {
                    // a verify step's query or predicate is the team's own: say which step failed
                    throw new SQLException(check.path() + ": " + e.getMessage(), e.getSQLState(), e);
                }
                checkpoint.accept(check.path(), cursor);
            }
            results.add(new CheckResult(check.path(), check.description(), cursor.violations(), cursor.samples(),
                    cursor.rowsChecked(), check.samplesAre(), check.expected()));
        }
        return new GateResult(results);
    }

    private GateCursor countInChunks(Connection c, GateCheck check, List<KeyColumn> key, GateCursor from,
                                     BiConsumer<String, GateCursor> checkpoint) throws SQLException, InterruptedException {
        GateCursor cursor = from;
        // Bounded by the largest key now: under a steady insert rate an open-ended walk would chase
        // the application's new rows forever. Later rows are the sync trigger's, and in any case
        // the constraint's own VALIDATE checks every row.
        List<String> upper = GreatestKey.of(c, check.table().sql(), key).orElse(null);
        commitIfNeeded(c);
        if (upper == null) {
            return new GateCursor(cursor.lastKey(), cursor.violations(), cursor.rowsChecked(), cursor.samples(), true);
        }
        String first = GateChunkSql.build(check, key, true, true);
        String next = GateChunkSql.build(check, key, false, true);
        AdaptiveBatchSize chunk = chunkTarget.isZero() ? null : new AdaptiveBatchSize(chunkRows,
                (int) Math.max(1, chunkTarget.toMillis()), Math.min(MIN_CHUNK_ROWS, chunkRows), chunkRows);
        while (true) {
            boolean fromStart = cursor.lastKey().isEmpty();
            try (PreparedStatement ps = c.prepareStatement(fromStart ? first : next)) {
                int p = 1;
                for (String v : cursor.lastKey()) {
                    ps.setString(p++, v);
                }
                for (String v : upper) {
                    ps.setString(p++, v);
                }
                paceBy(c, check.table(), chunk);
                int rows = chunk == null ? chunkRows : chunk.current();
                ps.setInt(p, rows);
                long started = System.nanoTime();
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return new GateCursor(cursor.lastKey(), cursor.violations(), cursor.rowsChecked(),
                                cursor.samples(), true);
                    }
                    GateCursor before = cursor;
                    cursor = advance(cursor, rs, key.size());
                    if (chunk != null) {
                        chunk.record(Duration.ofNanos(System.nanoTime() - started), cursor.rowsChecked() - before.rowsChecked());
                    }
                }
            }
            commitIfNeeded(c);
            checkpoint.accept(check.path(), cursor);
            // A stopping node hands the run back between two chunks, not after the whole table: on
            // a big one the gate runs for minutes, longer than a service manager waits for a stop.
            if (Thread.interrupted()) {
                throw new InterruptedException("the gate stopped after a chunk of " + check.path() + ": its thread was interrupted");
            }
            pace();
        }
    }

    /** A paced gate's reading of the database, every {@link #PROBE_INTERVAL}, before a chunk. */
    private void paceBy(Connection c, TableRef table, AdaptiveBatchSize chunk) throws SQLException {
        if (pacer == null || chunk == null || System.nanoTime() - nextProbe < 0) {
            return;
        }
        long started = System.nanoTime();
        ThrottleSignals signals = ThrottleProbe.read(c, table.sql());
        PaceDecision decision = pacer.decide(signals, Duration.ofNanos(System.nanoTime() - started));
        chunk.retarget(decision.targetMs());
        pauseMs = decision.pauseMs();
        nextProbe = System.nanoTime() + PROBE_INTERVAL.toNanos();
    }

    private void pace() throws InterruptedException {
        if (pauseMs > 0) {
            Thread.sleep(pauseMs);
        }
    }

    private static GateCursor advance(GateCursor cursor, ResultSet rs, int keyColumns) throws SQLException {
        List<String> last = new ArrayList<>();
        for (int i = 1; i <= keyColumns; i++) {
            last.add(rs.getString(i));
        }
        List<String> samples = new ArrayList<>(cursor.samples());
        addSamples(samples, rs.getArray("samples"));
        return new GateCursor(last, cursor.violations() + rs.getLong("violations"),
                cursor.rowsChecked() + rs.getLong("seen"), samples, false);
    }

    /**
     * One statement in a read-only transaction (a verify step's query is the team's: even a function
     * it calls cannot write), under the scan timeout. It must return one row: the count, then
     * optionally an array of samples.
     */
    private static GateCursor countAtOnce(Connection c, GateCheck check, Duration scanTimeout, HaltCheck halt)
            throws SQLException, InterruptedException, GateHaltedException {
        commitIfNeeded(c);
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute("SET TRANSACTION READ ONLY");
            st.execute("SET LOCAL statement_timeout = " + scanTimeout.toMillis());
            try (ResultSet rs = cancellable(st, check, halt)) {
                long count = count(check, rs);
                List<String> samples = new ArrayList<>();
                addSamples(samples, rs.getMetaData().getColumnCount() > 1 ? rs.getArray(2) : null);
                if (rs.next()) {
                    throw new SQLException(shape(check, "more than one row"));
                }
                return new GateCursor(List.of(), count, -1, samples, true);
            }
        } finally {
            c.rollback();
            c.setAutoCommit(autoCommit);
        }
    }

    /**
     * Runs the check's one statement, cancelled if the thread is interrupted or the run halted
     * meanwhile: a stopping node then hands the run back at once (the check starts over on the next
     * node), a paused or cancelled run stops at once, instead of waiting for a count or a
     * {@code verify} query that may run for hours.
     */
    private static ResultSet cancellable(Statement st, GateCheck check, HaltCheck halt)
            throws SQLException, InterruptedException, GateHaltedException {
        StatementWatch watch = new StatementWatch(st, halt);
        try (watch) {
            return st.executeQuery(check.countQuery());
        } catch (SQLException e) {
            if (SqlStates.QUERY_CANCELED.equals(e.getSQLState()) && Thread.interrupted()) {
                throw new InterruptedException("the gate stopped during " + check.path() + ": its thread was interrupted");
            }
            if (SqlStates.QUERY_CANCELED.equals(e.getSQLState()) && watch.halted()) {
                throw new GateHaltedException(check.path());
            }
            throw e;
        }
    }

    /** The first row's first column: an integer that is not NULL. */
    private static long count(GateCheck check, ResultSet rs) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        int type = meta.getColumnType(1);
        if (type != Types.BIGINT && type != Types.INTEGER && type != Types.SMALLINT) {
            throw new SQLException(shape(check, "a first column of type " + meta.getColumnTypeName(1)));
        }
        if (meta.getColumnCount() > 2 || meta.getColumnCount() == 2 && meta.getColumnType(2) != Types.ARRAY) {
            throw new SQLException(shape(check, meta.getColumnCount() + " columns"));
        }
        if (!rs.next()) {
            throw new SQLException(shape(check, "no row"));
        }
        long count = rs.getLong(1);
        if (rs.wasNull()) {
            throw new SQLException(shape(check, "NULL"));
        }
        return count;
    }

    private static String shape(GateCheck check, String got) {
        return "the query must return one row: an integer count (then, optionally, an array of samples); it returned "
                + got + ": " + check.countQuery().strip().replaceAll("\\s+", " ");
    }

    /** Adds the SQL array {@code found} (null: none) to {@code samples}, up to {@link GateChunkSql#SAMPLES} in all. */
    private static void addSamples(List<String> samples, Array found) throws SQLException {
        if (found == null) {
            return;
        }
        for (Object s : (Object[]) found.getArray()) {
            if (samples.size() < GateChunkSql.SAMPLES) {
                samples.add(String.valueOf(s));
            }
        }
    }

    private static void commitIfNeeded(Connection c) throws SQLException {
        if (!c.getAutoCommit()) {
            c.commit();
        }
    }
}
