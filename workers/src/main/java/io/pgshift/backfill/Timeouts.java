package io.pgshift.backfill;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Sets the batch transaction's lock and statement timeouts, transaction-local so nothing leaks to the next one. */
final class Timeouts {
    private Timeouts() {
    }

    static void apply(Connection c, BackfillSpec.Timeouts t) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT set_config('lock_timeout', ?, true), set_config('statement_timeout', ?, true)")) {
            ps.setString(1, t.lockTimeoutMs() + "ms");
            ps.setString(2, t.statementTimeoutMs() + "ms");
            ps.execute();
        }
    }
}
