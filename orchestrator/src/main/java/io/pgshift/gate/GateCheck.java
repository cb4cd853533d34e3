package io.pgshift.gate;

import io.pgshift.playbook.TableRef;

/**
 * What the gate verifies for one contract step. Row checks have a {@code predicate} over one row
 * (aliased {@code t}) that is true for a violating row, and are counted in resumable key-range
 * chunks; whole-table checks (duplicates) have only a {@code countQuery}.
 *
 * @param path        the contract step's path, e.g. {@code contract[1].set_not_null}
 * @param description what is counted, for people: {@code NULLs in users.preferences}
 */
public record GateCheck(String path, String description, TableRef table, String predicate, String countQuery) {
    public boolean chunked() {
        return predicate != null;
    }
}
