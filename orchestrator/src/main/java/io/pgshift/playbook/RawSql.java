package io.pgshift.playbook;

/**
 * {@code sql}: a statement pgshift runs as written (under lock_timeout); lint judges what it locks.
 *
 * @param idempotent the playbook declares that running it twice is harmless: required of a
 *                   statement that cannot run in a transaction, which pgshift then runs again after
 *                   a crash; a statement in a transaction runs once per run whatever it says
 */
public record RawSql(String sql, boolean idempotent) implements ExpandStep {
    /** The short form, {@code - sql: "..."}. */
    public RawSql(String sql) {
        this(sql, false);
    }

    @Override
    public String kind() {
        return "sql";
    }
}
