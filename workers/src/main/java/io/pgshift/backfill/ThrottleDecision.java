package io.pgshift.backfill;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Whether to hold off, and why: each signal over its limit, in the order the throttle reads them.
 * Holds when there is any.
 */
public record ThrottleDecision(List<Excess> excesses) {
    public static final ThrottleDecision GO = new ThrottleDecision(List.of());

    public ThrottleDecision {
        excesses = List.copyOf(excesses);
    }

    /** One signal over its limit: what it is, the value measured and the limit in force. */
    public record Excess(ThrottleReason reason, long measured, long limit) {
        public String words() {
            return reason.words(measured, limit);
        }
    }

    public boolean throttled() {
        return !excesses.isEmpty();
    }

    /** Why, in the words an operator reads on the partition row; null when it goes. */
    public String reason() {
        return throttled() ? excesses.stream().map(Excess::words).collect(Collectors.joining("; ")) : null;
    }

    /** The kinds of reason, as recorded beside the words. */
    public Set<ThrottleReason> reasons() {
        Set<ThrottleReason> kinds = EnumSet.noneOf(ThrottleReason.class);
        excesses.forEach(e -> kinds.add(e.reason()));
        return kinds;
    }

    /** What a held partition's row shows. */
    public PauseReason pauseReason() {
        return new PauseReason(reason(), reasons());
    }
}
