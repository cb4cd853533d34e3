package io.pgshift.playbook;

/**
 * {@code verify}: a check of the team's own that the gate runs with its built-in counts before any
 * contract statement. Either a whole query ({@code sql}: one SELECT or WITH returning one row of
 * one integer) or a predicate over each row of {@code table} ({@code where}, counted in the
 * gate's resumable key-range chunks); the gate fails unless the count equals {@code expect}.
 *
 * @param sql         the counting query, or null for the chunked form
 * @param table       the table of the chunked form; null for a query, which may name any tables
 * @param where       the predicate of the chunked form (over alias {@code t}), or null
 * @param expect      the count the data must have (0 unless written)
 * @param description what is counted, for people ({@code students without a class}), or null
 */
public record Verify(String sql, TableRef table, String where, int expect, String description) implements ContractStep {
    @Override
    public String kind() {
        return "verify";
    }

    public boolean chunked() {
        return sql == null;
    }
}
