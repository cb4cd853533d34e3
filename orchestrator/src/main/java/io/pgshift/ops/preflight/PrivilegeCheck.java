package io.pgshift.ops.preflight;

import io.pgshift.planner.Privileges;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The connected role can do what the playbook does to each table and type ({@link Privileges}). */
public final class PrivilegeCheck implements PreflightCheck {
    @Override
    public String name() {
        return "privileges";
    }

    @Override
    public List<PreflightFinding> run(PreflightContext ctx) throws SQLException {
        List<PreflightFinding> out = new ArrayList<>();
        for (Privileges.Verdict v : Privileges.review(ctx.connection(), ctx.needs())) {
            out.add(new PreflightFinding(name(), v.granted() ? CheckStatus.PASS : CheckStatus.FAIL,
                    v.message() + (v.hint().isEmpty() ? "" : "; " + v.hint())));
        }
        if (ctx.needs().hasRawSql()) {
            out.add(new PreflightFinding(name(), CheckStatus.INFO, "raw SQL steps: their privileges are not checked"));
        }
        return out;
    }
}
