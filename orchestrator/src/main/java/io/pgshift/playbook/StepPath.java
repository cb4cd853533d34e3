package io.pgshift.playbook;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a step lives in its playbook: the section, the index in it, and optionally the key after
 * the dot (an operation's YAML key, {@code keep_in_sync}, a field a finding names). Its text
 * ({@code expand[0].add_column}, {@code backfill[2]}, {@code contract[1].set_not_null}) is stored
 * in step rows and audit details and printed by every renderer, so {@link #toString()} must not
 * change; {@link #parse} reads it back.
 */
public record StepPath(Section section, int index, String key) {
    private static final Pattern TEXT = Pattern.compile("(expand|backfill|contract)\\[(\\d+)](?:\\.([^.\\[\\]]+))?");

    /** The playbook's lists of steps, by their YAML key. */
    public enum Section {
        EXPAND, BACKFILL, CONTRACT;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** {@code key} is null when the path names the step alone ({@code backfill[2]}). */
    public StepPath {
        Objects.requireNonNull(section, "section");
        if (index < 0) {
            throw new IllegalArgumentException("step index " + index + " < 0");
        }
        if (key != null && (key.isEmpty() || !TEXT.matcher(section.word() + "[0]." + key).matches())) {
            throw new IllegalArgumentException("step path key '" + key + "' is not one word");
        }
    }

    public static StepPath expand(int index, String key) {
        return new StepPath(Section.EXPAND, index, key);
    }

    public static StepPath backfill(int index) {
        return new StepPath(Section.BACKFILL, index, null);
    }

    public static StepPath contract(int index, String key) {
        return new StepPath(Section.CONTRACT, index, key);
    }

    /** The same step with {@code key} after the dot: {@code backfill[1]} → {@code backfill[1].where}. */
    public StepPath with(String key) {
        return new StepPath(section, index, key);
    }

    /** @throws IllegalArgumentException when {@code text} is not a step path as {@link #toString()} writes it */
    public static StepPath parse(String text) {
        Matcher m = TEXT.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a step path: '" + text + "'");
        }
        return new StepPath(Section.valueOf(m.group(1).toUpperCase(Locale.ROOT)), Integer.parseInt(m.group(2)),
                m.group(3));
    }

    @Override
    public String toString() {
        return section.word() + "[" + index + "]" + (key == null ? "" : "." + key);
    }
}
