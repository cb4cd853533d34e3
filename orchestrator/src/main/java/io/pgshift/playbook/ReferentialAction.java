package io.pgshift.playbook;

/** ON DELETE behaviour of a foreign key. */
public enum ReferentialAction {
    NO_ACTION("NO ACTION"), RESTRICT("RESTRICT"), CASCADE("CASCADE"), SET_NULL("SET NULL"), SET_DEFAULT("SET DEFAULT");

    private final String sql;

    ReferentialAction(String sql) {
        this.sql = sql;
    }

    public String sql() {
        return sql;
    }

    /** The playbook spelling: {@code no action}, {@code set null}, … (underscores accepted). */
    public String yamlName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }
}
