package io.pgshift.run;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The SET list of an UPDATE with its parameters: each {@link #set} writes its own {@code column = ?}
 * and keeps its value beside it, so the placeholders and the values bound to them cannot get out
 * of step (nor can the parameters that follow, numbered after {@link #size()}).
 */
final class Assignments {
    private final List<String> sql = new ArrayList<>();
    private final List<Value> values = new ArrayList<>();

    private record Value(Object value, int sqlType) {
    }

    /** {@code column = ?}, bound to {@code value} (null binds SQL NULL of {@code sqlType}). */
    Assignments set(String column, Object value, int sqlType) {
        sql.add(column + " = ?");
        values.add(new Value(value, sqlType));
        return this;
    }

    /** {@code column = expression}, an SQL expression without parameters ({@code clock_timestamp()}, NULL). */
    Assignments setSql(String column, String expression) {
        if (expression.indexOf('?') >= 0) {
            throw new IllegalArgumentException("an expression with a parameter: use set(): " + expression);
        }
        sql.add(column + " = " + expression);
        return this;
    }

    /** The assignments, comma-separated. */
    String sql() {
        return String.join(", ", sql);
    }

    /** How many parameters {@link #sql()} has. */
    int size() {
        return values.size();
    }

    /** Binds the values from parameter {@code first} on. */
    void bind(PreparedStatement ps, int first) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            ps.setObject(first + i, values.get(i).value(), values.get(i).sqlType());
        }
    }
}
