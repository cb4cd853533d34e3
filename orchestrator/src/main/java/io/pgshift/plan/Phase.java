package io.pgshift.plan;

/** The three phases of a playbook, in order. */
public enum Phase {
    EXPAND, BACKFILL, CONTRACT;

    public String yamlName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
