package io.pgshift.backfill;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Runs one {@link KeysetBatchSql} statement for a partition; empty once its range is exhausted. */
final class BatchStatement {
    private final BackfillTarget target;

    BatchStatement(BackfillTarget target) {
        this.target = target;
    }

    Optional<BatchResult> run(Connection c, List<String> lowerExclusive, List<String> upperInclusive, int limit)
            throws SQLException {
        String sql = KeysetBatchSql.build(target, lowerExclusive != null, upperInclusive != null);
        int columns = target.key().size();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int p = bind(ps, 1, lowerExclusive);
            p = bind(ps, p, upperInclusive);
            ps.setInt(p, limit);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                List<String> last = new ArrayList<>(columns);
                for (int i = 1; i <= columns; i++) {
                    last.add(rs.getString(i));
                }
                return Optional.of(new BatchResult(List.copyOf(last), rs.getLong(columns + 1), rs.getLong(columns + 2)));
            }
        }
    }

    /** Binds a key's text values (cast to the column types by the SQL); returns the next index. */
    private static int bind(PreparedStatement ps, int index, List<String> key) throws SQLException {
        int p = index;
        if (key != null) {
            for (String v : key) {
                ps.setString(p++, v);
            }
        }
        return p;
    }
}
