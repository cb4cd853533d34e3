package io.pgshift.run;

import io.pgshift.error.ErrorCode;
import io.pgshift.error.PgshiftException;
import io.pgshift.playbook.TableRef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The tables a run holds ({@code pgshift.run_table}). One active run per table is the partial
 * unique index {@code run_table_one_active_run}; this class only translates its violation.
 */
final class TableClaims {
    private static final String UNIQUE_VIOLATION = "23505";

    private TableClaims() {
    }

    /**
     * Claims the tables in a fixed order (so two overlapping submissions cannot deadlock). The
     * partial unique index is the guard; its violation is turned into the name of the holder.
     */
    static void claim(Connection tx, long runId, Set<TableRef> tables) throws SQLException {
        List<TableRef> ordered = tables.stream()
                .sorted(Comparator.comparing(TableRef::schema).thenComparing(TableRef::name)).toList();
        Savepoint savepoint = tx.setSavepoint();
        try (PreparedStatement ps = tx.prepareStatement(
                "INSERT INTO pgshift.run_table (run_id, table_schema, table_name) VALUES (?, ?, ?)")) {
            for (TableRef t : ordered) {
                ps.setLong(1, runId);
                ps.setString(2, t.schema());
                ps.setString(3, t.name());
                ps.executeUpdate();
            }
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
            tx.rollback(savepoint);
            throw tableBusy(tx, runId, ordered, e);
        }
        tx.releaseSavepoint(savepoint);
    }

    private static PgshiftException tableBusy(Connection tx, long runId, List<TableRef> tables, SQLException cause)
            throws SQLException {
        try (PreparedStatement ps = tx.prepareStatement("SELECT rt.table_schema, rt.table_name, r.id, r.playbook_name,"
                + " r.state FROM pgshift.run_table rt JOIN pgshift.run r ON r.id = rt.run_id"
                + " WHERE rt.active AND rt.run_id <> ? AND (rt.table_schema || '.' || rt.table_name) = ANY (?)"
                + " ORDER BY rt.table_schema, rt.table_name LIMIT 1")) {
            ps.setLong(1, runId);
            ps.setArray(2, tx.createArrayOf("text", tables.stream().map(t -> t.schema() + "." + t.name()).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    TableBusyException busy = new TableBusyException(new TableRef(rs.getString(1), rs.getString(2)),
                            rs.getLong(3), rs.getString(4), RunState.valueOf(rs.getString(5)));
                    busy.initCause(cause);
                    return busy;
                }
            }
        }
        return new PgshiftException(ErrorCode.RUN_CONFLICT, "another run held one of the tables "
                + tables.stream().map(TableRef::display).collect(Collectors.joining(", "))
                + " and has ended meanwhile; submit again", cause);
    }

    /** Frees the run's tables; called in the transaction that ends the run. */
    static void release(Connection tx, long runId) throws SQLException {
        try (PreparedStatement ps = tx.prepareStatement(
                "UPDATE pgshift.run_table SET active = false WHERE run_id = ? AND active")) {
            ps.setLong(1, runId);
            ps.executeUpdate();
        }
    }

    /**
     * Claims a finished run's tables again (a rollback of a succeeded or cancelled run, or a
     * succeeded run whose target lost steps of it); refused with {@code refusal} when another run
     * holds one of them.
     */
    static void reclaim(Connection tx, long runId, String refusal) throws SQLException {
        try (PreparedStatement ps = tx.prepareStatement("SAVEPOINT pgshift_reclaim");
             PreparedStatement claim = tx.prepareStatement(
                     "UPDATE pgshift.run_table SET active = true WHERE run_id = ? AND NOT active")) {
            ps.execute();
            claim.setLong(1, runId);
            try {
                claim.executeUpdate();
            } catch (SQLException e) {
                if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw e;
                }
                try (PreparedStatement back = tx.prepareStatement("ROLLBACK TO SAVEPOINT pgshift_reclaim")) {
                    back.execute();
                }
                throw new IllegalTransitionException(refusal);
            }
        }
    }
}
