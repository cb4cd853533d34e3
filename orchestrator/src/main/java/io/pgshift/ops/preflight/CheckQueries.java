package io.pgshift.ops.preflight;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Small query helpers for the checks: parameters bound, one mapped element per row. */
final class CheckQueries {
    interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private CheckQueries() {
    }

    static <T> List<T> query(Connection c, String sql, Row<T> row, Object... parameters) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                List<T> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(row.map(rs));
                }
                return rows;
            }
        }
    }

    static <T> T one(Connection c, String sql, Row<T> row, Object... parameters) throws SQLException {
        List<T> rows = query(c, sql, row, parameters);
        return rows.isEmpty() ? null : rows.get(0);
    }
}
