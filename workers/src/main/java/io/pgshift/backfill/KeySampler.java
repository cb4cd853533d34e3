package io.pgshift.backfill;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads what {@link PartitionSplitter} needs from the table: the row estimate, and either the
 * min/max of an integer key (two index probes) or a sorted sample of keys (TABLESAMPLE SYSTEM
 * on big tables, so splitting a 100M-row table reads a few thousand pages, not all of them).
 */
public final class KeySampler {
    private static final Set<String> INTEGER_TYPES = Set.of("bigint", "integer", "smallint");
    /** Keys wanted in the sample per partition: enough for even quantiles, few enough to sort quickly. */
    private static final int SAMPLE_PER_PARTITION = 1_000;

    private KeySampler() {
    }

    /**
     * The partitions of a backfill, the last one capped at the key that is the largest now. Rows
     * inserted after the backfill starts are the sync trigger's (or, without it, the gate's and a
     * re-backfill's) business: an open-ended last partition would chase the application's inserts
     * and, under a steady insert rate, never finish.
     */
    public static List<PartitionRange> split(Connection c, BackfillSpec spec, int partitions) throws SQLException {
        List<PartitionRange> ranges = splitOpen(c, spec, partitions);
        List<String> max = GreatestKey.of(c, spec.target().tableSql(), spec.target().key()).orElse(null);
        if (max == null || ranges.isEmpty()) {
            return ranges;
        }
        List<PartitionRange> capped = new ArrayList<>(ranges);
        PartitionRange last = capped.get(capped.size() - 1);
        capped.set(capped.size() - 1, new PartitionRange(last.partitionNo(), last.lower(), max, last.estimatedRows()));
        return List.copyOf(capped);
    }

    private static List<PartitionRange> splitOpen(Connection c, BackfillSpec spec, int partitions) throws SQLException {
        BackfillTarget target = spec.target();
        long estimate = estimateRows(c, spec.tableName(), target.tableSql());
        String keyCols = target.key().stream().map(k -> KeysetBatchSql.quote(k.name())).collect(Collectors.joining(", "));
        if (target.key().size() == 1 && INTEGER_TYPES.contains(target.key().get(0).type())) {
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT min(" + keyCols + "), max(" + keyCols + ") FROM " + target.tableSql())) {
                rs.next();
                if (rs.getObject(1) == null) {
                    return PartitionSplitter.bySample(List.of(), 1, 0);
                }
                return PartitionSplitter.byIntegerRange(rs.getLong(1), rs.getLong(2), partitions, estimate);
            }
        }
        double percent = Math.min(100.0, 100.0 * SAMPLE_PER_PARTITION * partitions / Math.max(1, estimate));
        // Sorted by the key columns themselves (t.-qualified), not by their text output columns of
        // the same name: text order would put '9' after '10' and make the bounds non-monotonic.
        String texts = target.key().stream().map(k -> "t." + KeysetBatchSql.quote(k.name()) + "::text")
                .collect(Collectors.joining(", "));
        String typedKeys = target.key().stream().map(k -> "t." + KeysetBatchSql.quote(k.name()))
                .collect(Collectors.joining(", "));
        String from = target.tableSql() + " AS t" + (percent < 100.0 ? " TABLESAMPLE SYSTEM (" + percent + ")" : "");
        List<List<String>> sample = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT " + texts + " FROM " + from + " ORDER BY " + typedKeys)) {
            int columns = target.key().size();
            while (rs.next()) {
                List<String> key = new ArrayList<>(columns);
                for (int i = 1; i <= columns; i++) {
                    key.add(rs.getString(i));
                }
                sample.add(List.copyOf(key));
            }
        }
        return PartitionSplitter.bySample(sample, partitions, estimate);
    }

    /**
     * pg_class.reltuples when the table was ever analysed or vacuumed, else an exact count. A
     * partitioned table's own reltuples is set only by an explicit ANALYZE of it (autovacuum
     * analyses its partitions, never it): its leaf partitions' are added up instead.
     */
    static long estimateRows(Connection c, String tableName, String tableSql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT CASE WHEN c.relkind = 'p'
                            THEN (SELECT sum(greatest(l.reltuples, 0)) FROM pg_partition_tree(c.oid) AS t
                                    JOIN pg_class l ON l.oid = t.relid WHERE t.isleaf)::bigint
                            ELSE c.reltuples::bigint END
                  FROM pg_class c WHERE c.oid = to_regclass(?)""")) {
            ps.setString(1, tableName);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && rs.getLong(1) > 0) {
                    return rs.getLong(1);
                }
            }
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + tableSql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
