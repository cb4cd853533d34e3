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

    /** Reads {@code on_delete} of a step's mapping: {@code no action} (default), {@code set null}, … (underscores accepted). */
    public static ReferentialAction read(StepFields m) {
        java.util.List<String> names = java.util.Arrays.stream(values()).map(ReferentialAction::yamlName).toList();
        String name = m.choice("on_delete", NO_ACTION.yamlName(), names);
        return valueOf(name.toUpperCase(java.util.Locale.ROOT).replace(' ', '_'));
    }

    /** The playbook spelling: {@code no action}, {@code set null}, … (underscores accepted). */
    public String yamlName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }
}
