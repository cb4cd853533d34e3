package io.pgshift.gate;

import io.pgshift.playbook.TableRef;

/**
 * What the gate verifies for one contract step. Row checks have a {@code predicate} over one row
 * (aliased {@code t}) that is true for a counted row, and are counted in resumable key-range
 * chunks; whole-table checks (duplicates, a verify step's query) have only a {@code countQuery},
 * which returns one row: the count and, where it can, an array of samples. The check passes when
 * the count equals {@code expected}: 0 for the constraints (no violating row), what a verify step
 * says for the team's own checks.
 *
 * @param path        the contract step's path, e.g. {@code contract[1].set_not_null}
 * @param description what is counted, for people: {@code NULLs in users.preferences}
 * @param table       the table a row check walks; null for a query naming its own tables
 * @param samplesAre  what the samples are, for people: {@code keys} of counted rows, or
 *                    duplicated {@code values}
 * @param expected    the count the check passes with
 */
public record GateCheck(String path, String description, TableRef table, String predicate, String countQuery,
                        String samplesAre, long expected) {
    /** A check that passes when it counts nothing (every constraint's). */
    public GateCheck(String path, String description, TableRef table, String predicate, String countQuery,
                     String samplesAre) {
        this(path, description, table, predicate, countQuery, samplesAre, 0);
    }

    /** A check of each row by {@code predicate} (over alias {@code t}), counted in chunks, with sample keys. */
    public static GateCheck rows(String path, String description, TableRef table, String predicate) {
        return rows(path, description, table, predicate, 0);
    }

    /** As {@link #rows(String, String, TableRef, String)}, passing when exactly {@code expected} rows match. */
    public static GateCheck rows(String path, String description, TableRef table, String predicate, long expected) {
        return new GateCheck(path, description, table, predicate,
                "SELECT count(*) FROM " + table.sql() + " AS t WHERE " + predicate, "keys", expected);
    }

    /** A whole query returning one row: the count, then optionally an array of sample values. */
    public static GateCheck query(String path, String description, String countQuery, long expected) {
        return new GateCheck(path, description, null, null, countQuery, "values", expected);
    }

    public boolean chunked() {
        return predicate != null;
    }
}
