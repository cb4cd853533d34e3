package io.pgshift.playbook;

/** Names a playbook creates or takes, per kind: two steps may not claim the same one. */
public enum ClaimedName {
    TABLE("table"),
    ADDED_COLUMN("added column"),
    RELATION("index or constraint name"),
    BACKFILLED_COLUMN("backfilled column"),
    NOT_NULL_COLUMN("set_not_null column");

    private final String label;

    ClaimedName(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
