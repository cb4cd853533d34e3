package io.pgshift.cli;

import io.pgshift.operation.TableNeeds;
import io.pgshift.planner.Privileges;
import io.pgshift.playbook.Playbook;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * For {@code plan}: what {@code apply} as the same role would refuse for want of a privilege
 * ({@link Privileges#require}), as warnings on stderr. The dry run said nothing of it before, and
 * the real run was then refused. Not a refusal here: a reviewer's role may read the SQL of a
 * playbook it could not run itself.
 */
final class PrivilegeWarnings {
    private PrivilegeWarnings() {
    }

    static void print(Connection c, Playbook playbook, PrintWriter err) throws SQLException {
        for (Privileges.Verdict v : Privileges.review(c, TableNeeds.of(playbook))) {
            if (v.outcome() == Privileges.Outcome.REFUSED) {
                err.println("pgshift: warning: apply as this role would be refused: privileges: " + v.message()
                        + (v.hint().isEmpty() ? "" : "; " + v.hint()));
            }
        }
        err.flush();
    }
}
