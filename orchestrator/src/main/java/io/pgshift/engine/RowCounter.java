package io.pgshift.engine;

import io.pgshift.operation.PlaybookNames;
import io.pgshift.playbook.Playbook;
import io.pgshift.playbook.TableRef;
import io.pgshift.run.RowCounts;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Row counts of the tables a playbook touches, before expand and after contract: the runbooks'
 * "the user count did not change" check. Tables that do not exist yet are left out. A table the
 * statistics put at {@link #EXACT_UP_TO} rows or more gets the planner's estimate
 * ({@code pg_class.reltuples}), listed as estimated ({@code estimated_before} / {@code estimated_after}):
 * an exact count of it is a full scan, twice per run (measured: 0.6 s of a 7 s run on 2M rows,
 * docs/BENCHMARKS.md), while the gate already checks every row the run changed.
 */
final class RowCounter {
    static final long EXACT_UP_TO = 1_000_000;

    private RowCounter() {
    }

    static RowCounts.Counted count(Connection c, Playbook playbook) throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        Set<String> estimated = new TreeSet<>();
        for (TableRef table : PlaybookNames.tables(playbook)) {
            Double statistics;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT to_regclass(?) IS NOT NULL, (SELECT reltuples FROM pg_class WHERE oid = to_regclass(?))")) {
                ps.setString(1, table.sql());
                ps.setString(2, table.sql());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        continue;
                    }
                    double reltuples = rs.getDouble(2);
                    statistics = rs.wasNull() ? null : reltuples;
                }
            }
            if (statistics != null && statistics >= EXACT_UP_TO) {
                counts.put(table.display(), Math.round(statistics));
                estimated.add(table.display());
                continue;
            }
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table.sql())) {
                rs.next();
                counts.put(table.display(), rs.getLong(1));
            }
        }
        return new RowCounts.Counted(counts, estimated);
    }
}
