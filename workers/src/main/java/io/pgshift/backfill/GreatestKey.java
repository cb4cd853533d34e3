package io.pgshift.backfill;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A table's greatest key now, as text (like a cursor), or empty for an empty table. Where a walk
 * over the key (a partition, the gate) stops, so that rows inserted meanwhile cannot keep it going.
 */
public final class GreatestKey {
    private GreatestKey() {
    }

    public static Optional<List<String>> of(Connection c, String tableSql, List<KeyColumn> key) throws SQLException {
        // Ordered by the table's columns (t.), not by the text output columns of the same name:
        // those would sort as text, '9999' after '10000'.
        String sql = "SELECT " + key.stream().map(k -> "t." + KeysetBatchSql.quote(k.name()) + "::text")
                .collect(Collectors.joining(", ")) + " FROM " + tableSql + " AS t ORDER BY "
                + key.stream().map(k -> "t." + KeysetBatchSql.quote(k.name()) + " DESC").collect(Collectors.joining(", "))
                + " LIMIT 1";
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            if (!rs.next()) {
                return Optional.empty();
            }
            List<String> last = new ArrayList<>(key.size());
            for (int i = 1; i <= key.size(); i++) {
                last.add(rs.getString(i));
            }
            return Optional.of(List.copyOf(last));
        }
    }
}
