package io.pgshift.exec;

import io.pgshift.plan.LockMode;
import io.pgshift.plan.Statement;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Finds the sessions that keep a statement from its lock, right after its last attempt gave up.
 * By then pgshift no longer waits, so {@code pg_blocking_pids(pgshift)} is empty: the inspector
 * looks for sessions holding (or queued for) a conflicting lock on the statement's table; for a
 * statement that takes no table lock, for sessions holding a lock on another object (a function a
 * DROP FUNCTION waits for); and when there are none (a concurrent index build waits for old
 * transactions, not locks), for the oldest open transactions in the database.
 */
final class BlockerInspector {
    static final int QUERY_CHARS = 120;
    private static final int LIMIT = 5;

    private static final String SESSION_COLUMNS = """
            a.pid, coalesce(a.application_name, '') AS app, coalesce(a.state, 'unknown') AS state,
            extract(epoch FROM now() - a.xact_start)::float8 AS xact_age,
            extract(epoch FROM now() - coalesce(a.state_change, a.xact_start))::float8 AS state_age,
            left(regexp_replace(coalesce(a.query, ''), '\\s+', ' ', 'g'), %d) AS query,
            pg_blocking_pids(a.pid) AS blocked_by""".formatted(QUERY_CHARS);

    private static final String LOCK_HOLDERS = "SELECT " + SESSION_COLUMNS + """
            , l.mode, l.granted, NULL AS object
            FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'relation'
              AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND l.relation = to_regclass(format('%I.%I', ?::text, ?::text))
              AND l.pid <> pg_backend_pid() AND l.mode = ANY (?)
            ORDER BY l.granted DESC, a.xact_start NULLS LAST
            LIMIT """ + " " + LIMIT;

    /**
     * Sessions holding a lock on an object that is no table (a function, a type: what a DROP
     * FUNCTION or an ALTER TYPE waits for); applications seldom take one, so one held is likely
     * the cause. Locks on schemas are left out: creating a table in one takes one, and pgshift
     * never drops a schema.
     */
    private static final String OBJECT_HOLDERS = "SELECT " + SESSION_COLUMNS + """
            , l.mode, l.granted, pg_describe_object(l.classid, l.objid, l.objsubid) AS object
            FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'object' AND l.granted
              AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND l.classid <> 'pg_namespace'::regclass
              AND l.pid <> pg_backend_pid()
            ORDER BY a.xact_start NULLS LAST
            LIMIT """ + " " + LIMIT;

    private static final String OLD_TRANSACTIONS = "SELECT " + SESSION_COLUMNS + """
            , NULL AS mode, true AS granted, NULL AS object
            FROM pg_stat_activity a
            WHERE a.datname = current_database() AND a.pid <> pg_backend_pid()
              AND a.xact_start IS NOT NULL AND a.backend_type = 'client backend'
            ORDER BY a.xact_start
            LIMIT """ + " " + LIMIT;

    /** {@code defaultSchema} resolves a table shown without a schema ({@code users}, not {@code audit.events}). */
    List<Blocker> find(Connection c, Statement st, String defaultSchema) throws SQLException {
        List<Blocker> holders = st.table() == null ? List.of() : lockHolders(c, st, defaultSchema);
        if (holders.isEmpty() && st.lock() == LockMode.NONE) {
            // it takes no table lock: what it waited for is another object's (a function it drops)
            holders = read(c, OBJECT_HOLDERS);
        }
        return holders.isEmpty() ? read(c, OLD_TRANSACTIONS) : holders;
    }

    /**
     * A session that would keep {@code st} queued for long, were it requested now: it holds a
     * conflicting lock on the table and is idle in transaction for at least {@code idleGrace}
     * (waiting on its client, so nothing says when it ends), or its transaction has been open for
     * {@code lockTimeout} already. Queued behind it, a lock that conflicts with the application's
     * (ACCESS EXCLUSIVE, say) would make every later query on the table wait too, for up to
     * lock_timeout on each attempt.
     */
    Optional<Blocker> longHolder(Connection c, Statement st, String defaultSchema, Duration lockTimeout,
                                 Duration idleGrace) throws SQLException {
        if (st.table() == null) {
            return Optional.empty();
        }
        return lockHolders(c, st, defaultSchema).stream()
                .filter(b -> b.granted() && ((b.state().startsWith("idle in transaction")
                        && b.stateAge().compareTo(idleGrace) >= 0) || b.xactAge().compareTo(lockTimeout) >= 0))
                .findFirst();
    }

    private List<Blocker> lockHolders(Connection c, Statement st, String defaultSchema) throws SQLException {
        List<String> modes = LockConflicts.heldModesBlocking(st.lock());
        if (modes.isEmpty()) {
            return List.of();
        }
        String table = st.table();
        int dot = table.indexOf('.');
        try (PreparedStatement ps = c.prepareStatement(LOCK_HOLDERS)) {
            ps.setString(1, dot < 0 ? defaultSchema : table.substring(0, dot));
            ps.setString(2, dot < 0 ? table : table.substring(dot + 1));
            ps.setArray(3, c.createArrayOf("text", modes.toArray()));
            return read(ps);
        }
    }

    private static List<Blocker> read(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            return read(ps);
        }
    }

    private static List<Blocker> read(PreparedStatement ps) throws SQLException {
        List<Blocker> found = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                found.add(new Blocker(rs.getInt("pid"), rs.getString("app"), rs.getString("state"),
                        rs.getString("mode"), rs.getBoolean("granted"), seconds(rs.getDouble("xact_age")),
                        seconds(rs.getDouble("state_age")), rs.getString("query"), pids(rs.getArray("blocked_by")),
                        rs.getString("object")));
            }
        }
        return found;
    }

    private static Duration seconds(double s) {
        return Duration.ofMillis(Math.round(s * 1000));
    }

    private static List<Integer> pids(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((Integer[]) array.getArray());
    }
}
