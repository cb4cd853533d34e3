package io.pgshift.metrics;

import io.pgshift.backfill.ThrottleReason;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The {@code reason} tag values of the throttle metrics: one per {@link ThrottleReason}, read from
 * the kinds the workers record beside their words ({@code throttle_reasons}), never from the
 * words. {@code other} stands for a throttled row without kinds (written before V004) or with a
 * name this version does not know (written by a newer worker), so a tag keeps few values.
 */
final class ThrottleTags {
    static final String OTHER = "other";

    private ThrottleTags() {
    }

    /** Every value the tag takes, each reason's then {@code other}. */
    static List<String> all() {
        return Stream.concat(Arrays.stream(ThrottleReason.values()).map(ThrottleTags::tag), Stream.of(OTHER)).toList();
    }

    static String tag(ThrottleReason reason) {
        return reason.name().toLowerCase(Locale.ROOT);
    }

    /** The tags of a row's recorded kinds (null when it has none). */
    static Set<String> of(String[] names) {
        Set<String> tags = new LinkedHashSet<>();
        if (names != null) {
            for (String name : names) {
                tags.add(known(name) ? tag(ThrottleReason.valueOf(name)) : OTHER);
            }
        }
        return tags.isEmpty() ? Set.of(OTHER) : tags;
    }

    private static boolean known(String name) {
        return Arrays.stream(ThrottleReason.values()).anyMatch(r -> r.name().equals(name));
    }
}
