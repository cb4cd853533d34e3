package io.pgshift.backfill;

import java.util.Locale;

/**
 * Who paces a backfill. AUTO: the {@link Pacer} runs batches flat out while no other session
 * uses the database and yields (short batches, pauses) while one does. FIXED: the playbook's
 * {@code target_ms} and {@code pause_ms}, whatever the database is doing. Setting either of
 * those in a playbook means FIXED, so explicit settings always win; so do the live knobs.
 */
public enum Pace {
    AUTO,
    FIXED;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code auto} or {@code fixed}; empty for anything else. */
    public static java.util.Optional<Pace> fromWord(String word) {
        for (Pace p : values()) {
            if (p.word().equals(word)) {
                return java.util.Optional.of(p);
            }
        }
        return java.util.Optional.empty();
    }
}
