package io.pgshift.ops.preflight;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The runbooks' "make sure .env points at staging, not production": the database's name, a marker table, not a standby. */
public final class TargetIdentityCheck implements PreflightCheck {
    @Override
    public String name() {
        return "target";
    }

    @Override
    public List<PreflightFinding> run(PreflightContext ctx) throws SQLException {
        List<PreflightFinding> out = new ArrayList<>();
        Object[] row = CheckQueries.one(ctx.connection(), "SELECT current_database(), pg_is_in_recovery()",
                rs -> new Object[] {rs.getString(1), rs.getBoolean(2)});
        String database = (String) row[0];
        if ((Boolean) row[1]) {
            out.add(new PreflightFinding(name(), CheckStatus.FAIL, "database " + database + " is a standby (in recovery):"
                    + " DDL can only run on the primary"));
        }
        PreflightOptions o = ctx.options();
        if (o.expectDatabase() != null) {
            boolean ok = o.expectDatabase().equals(database);
            out.add(new PreflightFinding(name(), ok ? CheckStatus.PASS : CheckStatus.FAIL, ok ? "connected to database " + database
                    : "connected to database " + database + ", expected " + o.expectDatabase() + ": wrong target?"));
        }
        if (o.expectMarker() != null) {
            boolean ok = CheckQueries.one(ctx.connection(), "SELECT to_regclass(?) IS NOT NULL", rs -> rs.getBoolean(1), o.expectMarker());
            out.add(new PreflightFinding(name(), ok ? CheckStatus.PASS : CheckStatus.FAIL, ok ? "marker table " + o.expectMarker()
                    + " exists" : "marker table " + o.expectMarker() + " does not exist in " + database + ": wrong target?"));
        }
        if (o.expectDatabase() == null && o.expectMarker() == null) {
            out.add(new PreflightFinding(name(), CheckStatus.WARN, "connected to database " + database + ", identity not checked:"
                    + " pass --expect-database NAME (and --expect-marker TABLE) so a change meant for staging cannot"
                    + " reach production"));
        }
        return out;
    }
}
