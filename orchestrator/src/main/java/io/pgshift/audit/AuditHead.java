package io.pgshift.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;

/** The newest committed row of the audit chain, as an anchor taken now. */
public final class AuditHead {
    private AuditHead() {
    }

    /** Empty while the log is empty. Reads committed rows only, so an anchor never names a row that may roll back. */
    public static Optional<AuditAnchor> read(Connection c, Clock clock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, hash FROM pgshift.audit_log ORDER BY id DESC LIMIT 1");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(new AuditAnchor(rs.getLong(1), rs.getString(2), clock.instant()))
                    : Optional.empty();
        }
    }
}
