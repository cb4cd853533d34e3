package io.pgshift.playbook;

/** {@code sql}: a statement pgshift runs as written (under lock_timeout); lint judges what it locks. */
public record RawSql(String sql) implements ExpandStep {
    @Override
    public String kind() {
        return "sql";
    }
}
