package io.pgshift.ops.preflight;

import io.pgshift.playbook.Backfill;
import io.pgshift.playbook.ThrottleSpec;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Replicas already behind the playbook's throttle threshold would pause the backfill from its
 * first batch (and a big backfill would push them further behind).
 */
public final class ReplicationLagCheck implements PreflightCheck {
    @Override
    public String name() {
        return "replication lag";
    }

    @Override
    public List<PreflightFinding> run(PreflightContext ctx) throws SQLException {
        Duration threshold = threshold(ctx.playbook().backfill());
        record Replica(String name, String state, Double lagSeconds) {
        }
        List<Replica> replicas = CheckQueries.query(ctx.connection(), """
                SELECT coalesce(nullif(application_name, ''), client_addr::text, 'local'), state,
                       extract(epoch FROM replay_lag)::float8
                  FROM pg_stat_replication ORDER BY 1""",
                rs -> new Replica(rs.getString(1), rs.getString(2), rs.getObject(3) == null ? null : rs.getDouble(3)));
        if (replicas.isEmpty()) {
            return List.of(new PreflightFinding(name(), CheckStatus.PASS, "no streaming replica is connected (pg_stat_replication is empty)"));
        }
        List<PreflightFinding> out = new ArrayList<>();
        for (Replica r : replicas) {
            double lag = r.lagSeconds() == null ? 0 : r.lagSeconds();
            boolean behind = lag * 1000 > threshold.toMillis();
            out.add(new PreflightFinding(name(), behind ? CheckStatus.WARN : CheckStatus.PASS, String.format(Locale.ROOT,
                    "replica %s (%s): replay lag %.1fs %s the throttle threshold %ds%s", r.name(), r.state(), lag,
                    behind ? "above" : "within", threshold.toSeconds(), behind ? ": the backfill would throttle at once" : "")));
        }
        return out;
    }

    /** The strictest threshold among the backfills (the default when there are none). */
    static Duration threshold(List<Backfill> backfills) {
        return backfills.stream().map(b -> b.throttle() == null ? ThrottleSpec.DEFAULT : b.throttle())
                .map(ThrottleSpec::maxReplicationLag).min(Duration::compareTo)
                .orElse(ThrottleSpec.DEFAULT.maxReplicationLag());
    }
}
