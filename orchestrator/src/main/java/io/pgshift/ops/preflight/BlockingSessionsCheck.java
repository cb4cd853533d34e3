package io.pgshift.ops.preflight;

import io.pgshift.playbook.TableRef;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Sessions that would make the DDL wait: any transaction holding a lock on one of the tables
 * while idle in transaction (it blocks until the application commits, whatever its age) or
 * open longer than the limit. Concurrent index builds also wait for every older transaction,
 * on any table, so those are reported too when the playbook builds indexes.
 */
public final class BlockingSessionsCheck implements PreflightCheck {
    private static final String HOLDERS_SQL = """
            SELECT a.pid, coalesce(nullif(a.application_name, ''), '?'), coalesce(a.usename, '?'), coalesce(a.state, '?'),
                   extract(epoch FROM clock_timestamp() - coalesce(a.xact_start, a.query_start))::bigint,
                   string_agg(DISTINCT c.relname || ' ' || l.mode, ', ')
              FROM pg_locks l
              JOIN pg_stat_activity a ON a.pid = l.pid
              JOIN pg_class c ON c.oid = l.relation
              JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE l.granted AND a.pid <> pg_backend_pid()
               AND (n.nspname::text, c.relname::text) IN (SELECT * FROM unnest(?::text[], ?::text[]))
               AND (a.state LIKE 'idle in transaction%' OR clock_timestamp() - a.xact_start > make_interval(secs => ?))
             GROUP BY 1, 2, 3, 4, 5 ORDER BY 5 DESC""";
    private static final String OLD_TRANSACTIONS_SQL = """
            SELECT a.pid, coalesce(nullif(a.application_name, ''), '?'), coalesce(a.usename, '?'), coalesce(a.state, '?'),
                   extract(epoch FROM clock_timestamp() - a.xact_start)::bigint
              FROM pg_stat_activity a
             WHERE a.pid <> pg_backend_pid() AND a.xact_start IS NOT NULL AND a.backend_type = 'client backend'
               AND clock_timestamp() - a.xact_start > make_interval(secs => ?)
             ORDER BY 5 DESC""";

    private record Session(int pid, String description) {
    }

    @Override
    public String name() {
        return "blocking sessions";
    }

    @Override
    public List<PreflightFinding> run(PreflightContext ctx) throws SQLException {
        List<TableRef> tables = List.copyOf(ctx.needs().byTable().keySet());
        long limit = ctx.options().maxTransactionAge().toSeconds();
        var c = ctx.connection();
        List<PreflightFinding> out = new ArrayList<>();
        List<Session> holders = CheckQueries.query(c, HOLDERS_SQL, rs -> new Session(rs.getInt(1), String.format(java.util.Locale.ROOT,
                        "pid %d (application %s, user %s, %s for %ds) holds %s", rs.getInt(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getLong(5), rs.getString(6))),
                c.createArrayOf("text", tables.stream().map(TableRef::schema).toArray()),
                c.createArrayOf("text", tables.stream().map(TableRef::name).toArray()), (double) limit);
        holders.forEach(h -> out.add(new PreflightFinding(name(), CheckStatus.WARN, h.description() + ": the DDL would wait for it"
                + " (lock_timeout, then retries); end it or wait before applying")));
        if (ctx.needs().buildsIndexes()) {
            Set<Integer> seen = holders.stream().map(Session::pid).collect(Collectors.toSet());
            CheckQueries.query(c, OLD_TRANSACTIONS_SQL, rs -> new Session(rs.getInt(1), String.format(java.util.Locale.ROOT,
                    "pid %d (application %s, user %s, %s) has a transaction open for %ds", rs.getInt(1), rs.getString(2),
                    rs.getString(3), rs.getString(4), rs.getLong(5))), (double) limit).stream()
                    .filter(t -> !seen.contains(t.pid()))
                    .forEach(t -> out.add(new PreflightFinding(name(), CheckStatus.WARN, t.description()
                            + ": CREATE INDEX CONCURRENTLY waits for every older transaction")));
        }
        if (out.isEmpty()) {
            out.add(new PreflightFinding(name(), CheckStatus.PASS, "no session holds a lock on "
                    + tables.stream().map(TableRef::display).collect(Collectors.joining(", "))
                    + " while idle in transaction or for more than " + limit + "s"));
        }
        return out;
    }
}
