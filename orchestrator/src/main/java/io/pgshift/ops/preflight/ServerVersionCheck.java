package io.pgshift.ops.preflight;

import java.sql.SQLException;
import java.util.List;

/**
 * The server's major against what pgshift supports (13 to 17, each tested): older than 12 fails,
 * since SET NOT NULL only uses a validated CHECK (no scan under ACCESS EXCLUSIVE) from 12 on;
 * 12 (past its end of life, untested) and majors newer than the tested ones are warnings.
 */
public final class ServerVersionCheck implements PreflightCheck {
    static final int MINIMUM = 120000;
    static final int OLDEST_SUPPORTED = 13;
    static final int NEWEST_TESTED = 17;

    @Override
    public String name() {
        return "server version";
    }

    @Override
    public List<PreflightFinding> run(PreflightContext ctx) throws SQLException {
        String[] v = CheckQueries.one(ctx.connection(), "SELECT current_setting('server_version'), current_setting('server_version_num')",
                rs -> new String[] {rs.getString(1), rs.getString(2)});
        return List.of(verdict(v[0], Integer.parseInt(v[1])));
    }

    /** {@code shown}: the server_version text; {@code number}: server_version_num (150019 for 15.19). */
    PreflightFinding verdict(String shown, int number) {
        int major = number / 10000;
        if (number < MINIMUM) {
            return new PreflightFinding(name(), CheckStatus.FAIL, "PostgreSQL " + shown + " is older than 12: SET NOT NULL"
                    + " would scan the table under ACCESS EXCLUSIVE; upgrade the server first");
        }
        if (major < OLDEST_SUPPORTED) {
            return new PreflightFinding(name(), CheckStatus.WARN, "PostgreSQL " + shown + " is past its end of life and"
                    + " not tested with pgshift (supported: " + OLDEST_SUPPORTED + " to " + NEWEST_TESTED + "); upgrade the"
                    + " server, or rehearse the playbook on a copy first");
        }
        if (major > NEWEST_TESTED) {
            return new PreflightFinding(name(), CheckStatus.WARN, "PostgreSQL " + shown + " is newer than the majors"
                    + " pgshift is tested on (" + OLDEST_SUPPORTED + " to " + NEWEST_TESTED + "); rehearse the playbook on a"
                    + " copy first");
        }
        return new PreflightFinding(name(), CheckStatus.PASS, "PostgreSQL " + shown + ": supported; SET NOT NULL uses the"
                + " validated CHECK, no table scan under ACCESS EXCLUSIVE");
    }
}
