package io.pgshift.gate;

import io.pgshift.playbook.TableRef;

/**
 * What the gate verifies for one contract step. Row checks have a {@code predicate} over one row
 * (aliased {@code t}) that is true for a violating row, and are counted in resumable key-range
 * chunks; whole-table checks (duplicates) have only a {@code countQuery}, which returns the count
 * and, where it can, an array of samples.
 *
 * @param path        the contract step's path, e.g. {@code contract[1].set_not_null}
 * @param description what is counted, for people: {@code NULLs in users.preferences}
 * @param samplesAre  what the samples of violations are, for people: {@code keys} of violating rows, or
 *                    duplicated {@code values}
 */
public record GateCheck(String path, String description, TableRef table, String predicate, String countQuery,
                        String samplesAre) {
    /** A check of each row by {@code predicate} (over alias {@code t}), counted in chunks, with sample keys. */
    public static GateCheck rows(String path, String description, TableRef table, String predicate) {
        return new GateCheck(path, description, table, predicate,
                "SELECT count(*) FROM " + table.sql() + " AS t WHERE " + predicate, "keys");
    }

    public boolean chunked() {
        return predicate != null;
    }
}
