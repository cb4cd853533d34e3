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

/** Runs one batch of {@link KeysetBatchSql} statements for a partition; empty once its range is exhausted. */
final class BatchStatement {
    private final BackfillTarget target;
    /** The statements for each combination of bounds (lower present: +2, upper present: +1), built once, not per batch. */
    private final BatchSql[] byBounds = new BatchSql[4];

    BatchStatement(BackfillTarget target) {
        this.target = forPreparedStatement(target);
        for (int bounds = 0; bounds < byBounds.length; bounds++) {
            byBounds[bounds] = KeysetBatchSql.build(this.target, (bounds & 2) != 0, (bounds & 1) != 0);
        }
    }

    /** The playbook's fragments with their literal question marks (jsonb's ? operators) escaped for the driver. */
    private static BackfillTarget forPreparedStatement(BackfillTarget t) {
        Map<String, String> set = new LinkedHashMap<>();
        t.set().forEach((column, expression) -> set.put(column, JdbcPlaceholders.escape(expression)));
        return new BackfillTarget(t.tableSql(), t.key(), set, JdbcPlaceholders.escape(t.where()), t.join(), t.syncTrigger());
    }

    Optional<BatchResult> run(Connection c, List<String> lowerExclusive, List<String> upperInclusive, int limit)
            throws SQLException {
        BatchSql sql = byBounds[(lowerExclusive != null ? 2 : 0) + (upperInclusive != null ? 1 : 0)];
        int columns = target.key().size();
        List<String> first = new ArrayList<>(columns);
        List<String> last = new ArrayList<>(columns);
        long scanned;
        try (PreparedStatement pick = c.prepareStatement(sql.pick())) {
            int p = bind(pick, 1, lowerExclusive);
            p = bind(pick, p, upperInclusive);
            pick.setInt(p, limit);
            try (ResultSet rs = pick.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                for (int i = 1; i <= columns; i++) {
                    first.add(rs.getString(i));
                    last.add(rs.getString(columns + i));
                }
                scanned = rs.getLong(2 * columns + 1);
            }
        }
        try (PreparedStatement write = c.prepareStatement(sql.write())) {
            bind(write, bind(write, 1, first), last);
            long written = write.executeUpdate();
            return Optional.of(new BatchResult(List.copyOf(last), written, scanned));
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
