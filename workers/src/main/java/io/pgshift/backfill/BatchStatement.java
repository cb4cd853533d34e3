package io.pgshift.backfill;

import io.pgshift.db.JdbcPlaceholders;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Runs one {@link KeysetBatchSql} statement for a partition; empty once its range is exhausted. */
final class BatchStatement {
    private final BackfillTarget target;

    BatchStatement(BackfillTarget target) {
        this.target = forPreparedStatement(target);
    }

    /** The playbook's fragments with their literal question marks (jsonb's ? operators) escaped for the driver. */
    private static BackfillTarget forPreparedStatement(BackfillTarget t) {
        Map<String, String> set = new LinkedHashMap<>();
        t.set().forEach((column, expression) -> set.put(column, JdbcPlaceholders.escape(expression)));
        return new BackfillTarget(t.tableSql(), t.key(), set, JdbcPlaceholders.escape(t.where()), t.join());
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

    /**
     * The table's greatest key now, as text (like a cursor), or empty for an empty table: where the
     * last partition, whose range is open above, stops. See {@link PartitionRun}.
     */
    Optional<List<String>> lastKey(Connection c) throws SQLException {
        return GreatestKey.of(c, target.tableSql(), target.key());
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
