package io.pgshift.sync;

import io.pgshift.playbook.Quoting;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * The two sequences in the target in which a sync trigger records its fills: the counter ({@code
 * nextval} per filled row) and the clock (the epoch second of the last fill, 0 before the first).
 * Reading them is a plain SELECT of each sequence's row: it shows every change at once, committed
 * or not (a writer's rolled-back fill still counts, which errs on the side of keeping the trigger).
 */
public record FillCounter(String schema, String name, String clock) {
    /** What the sequences say, with the target's clock at the time of reading. */
    public record Fills(long count, Instant lastFillAt, Instant readAt) {
    }

    /** The counter's quoted, schema-qualified name. */
    public String sql() {
        return Quoting.ident(schema) + "." + Quoting.ident(name);
    }

    public String clockSql() {
        return Quoting.ident(schema) + "." + Quoting.ident(clock);
    }

    /** The fills so far; empty when a sequence is gone (dropped by hand or by a rollback). */
    public Optional<Fills> read(Connection target) throws SQLException {
        try (PreparedStatement exists = target.prepareStatement(
                "SELECT to_regclass(?) IS NOT NULL AND to_regclass(?) IS NOT NULL")) {
            exists.setString(1, sql());
            exists.setString(2, clockSql());
            try (ResultSet rs = exists.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return Optional.empty();
                }
            }
        }
        try (PreparedStatement ps = target.prepareStatement("SELECT CASE WHEN c.is_called THEN c.last_value ELSE 0 END,"
                + " CASE WHEN k.is_called AND k.last_value > 0 THEN to_timestamp(k.last_value) END, clock_timestamp()"
                + " FROM " + sql() + " c, " + clockSql() + " k");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            OffsetDateTime last = rs.getObject(2, OffsetDateTime.class);
            return Optional.of(new Fills(rs.getLong(1), last == null ? null : last.toInstant(),
                    rs.getObject(3, OffsetDateTime.class).toInstant()));
        }
    }
}
