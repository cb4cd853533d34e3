package io.pgshift.playbook;

/**
 * The dollar quote around a body pgshift generates (a DO block, a trigger function). PostgreSQL
 * ends a dollar-quoted string at the first occurrence of its tag, whatever quotes the body
 * holds, so a body carrying playbook text (an expression, a quoted name with a {@code $}) could
 * otherwise close it early and run the rest as SQL.
 *
 * <p>The tag is the first of {@code $base$}, {@code $base_1$}, {@code $base_2$}... that the
 * body does not contain: it cannot collide, and it is deterministic, so the same playbook
 * always plans to the same SQL (plans are stored, checksummed and compared; a random tag per
 * render would make every plan differ from the last). Expressions are also refused when they
 * contain {@code $pgshift} ({@link SqlExpression}), so in practice the tag is {@code $base$}.
 */
public final class DollarQuote {
    private DollarQuote() {
    }

    /** {@code $tag$\nbody\n$tag$}. */
    public static String around(String base, String body) {
        String tag = tag(base, body);
        return tag + "\n" + body + "\n" + tag;
    }

    /** The tag {@link #around} would use for {@code body}. */
    public static String tag(String base, String body) {
        String tag = "$" + base + "$";
        for (int n = 1; body.contains(tag); n++) {
            tag = "$" + base + "_" + n + "$";
        }
        return tag;
    }
}
