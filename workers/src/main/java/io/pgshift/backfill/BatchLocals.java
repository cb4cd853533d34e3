package io.pgshift.backfill;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Sets a batch transaction's own settings, transaction-local so nothing leaks to the next one: its
 * lock and statement timeouts and, for a backfill pgshift's trigger keeps in sync, the setting
 * that lets the batch's rows pass that trigger by ({@link SyncTriggerPass}). One statement.
 */
final class BatchLocals {
    private BatchLocals() {
    }

    static void apply(Connection c, BackfillSpec spec) throws SQLException {
        String trigger = spec.target().syncTrigger();
        String sql = "SELECT set_config('lock_timeout', ?, true), set_config('statement_timeout', ?, true)"
                + (trigger == null ? "" : ", set_config('" + SyncTriggerPass.SETTING + "', ?, true)");
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, spec.timeouts().lockTimeoutMs() + "ms");
            ps.setString(2, spec.timeouts().statementTimeoutMs() + "ms");
            if (trigger != null) {
                ps.setString(3, trigger);
            }
            ps.execute();
        }
    }
}
