package io.pgshift.operation;

import io.pgshift.catalog.TypeNames;
import java.util.Map;
import java.util.Set;

/**
 * Which plain casts of alter_column_type cannot fail on any value: widenings of numbers, a
 * timestamp gaining its time zone, anything to unbounded text. For those the conversion needs
 * no exception block (its cost is paid on every row written and backfilled); for any other, and
 * for any {@code using} expression, pgshift assumes a row may not convert.
 */
final class Conversions {
    private static final Map<String, Set<String>> WIDENINGS = Map.of(
            "smallint", Set.of("integer", "bigint", "numeric", "real", "double precision"),
            "integer", Set.of("bigint", "numeric", "double precision"),
            "bigint", Set.of("numeric"),
            "real", Set.of("double precision"),
            "timestamp without time zone", Set.of("timestamp with time zone"),
            "date", Set.of("timestamp without time zone", "timestamp with time zone"));
    private static final Set<String> UNBOUNDED_TEXT = Set.of("text", "character varying");

    private Conversions() {
    }

    static boolean cannotFail(String from, String to, String using) {
        if (using != null) {
            return false;
        }
        String source = TypeNames.normalise(from);
        String target = TypeNames.normalise(to);
        return source.equals(target) || UNBOUNDED_TEXT.contains(target)
                || WIDENINGS.getOrDefault(source, Set.of()).contains(target);
    }
}
