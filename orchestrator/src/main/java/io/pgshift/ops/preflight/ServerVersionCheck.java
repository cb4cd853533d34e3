package io.pgshift.ops.preflight;

import java.sql.SQLException;
import java.util.List;

/** PostgreSQL 12+ takes SET NOT NULL without a scan when a validated CHECK (col IS NOT NULL) exists. */
public final class ServerVersionCheck implements PreflightCheck {
    static final int MINIMUM = 120000;

    @Override
    public String name() {
        return "server version";
    }

    @Override
    public List<PreflightFinding> run(PreflightContext ctx) throws SQLException {
        String[] v = CheckQueries.one(ctx.connection(), "SELECT current_setting('server_version'), current_setting('server_version_num')",
                rs -> new String[] {rs.getString(1), rs.getString(2)});
        boolean ok = Integer.parseInt(v[1]) >= MINIMUM;
        return List.of(new PreflightFinding(name(), ok ? CheckStatus.PASS : CheckStatus.FAIL, ok
                ? "PostgreSQL " + v[0] + ": SET NOT NULL uses the validated CHECK, no table scan under ACCESS EXCLUSIVE"
                : "PostgreSQL " + v[0] + " is older than 12: SET NOT NULL would scan the table under ACCESS EXCLUSIVE;"
                        + " upgrade the server first"));
    }
}
