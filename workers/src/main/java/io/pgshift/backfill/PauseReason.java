package io.pgshift.backfill;

import java.util.Objects;
import java.util.Set;

/**
 * Why a partition is not running, as its row records it: the words ({@code paused_reason}) and,
 * when the throttle holds it, the kinds of reason ({@code throttle_reasons}), which is what
 * metrics read. A FAILED move carries its error here too (it lands in {@code last_error}).
 */
public record PauseReason(String words, Set<ThrottleReason> throttle) {
    public PauseReason {
        Objects.requireNonNull(words, "words");
        throttle = Set.copyOf(throttle);
    }

    /** A reason that is not the throttle's: an operator's pause, a closed window, an error. */
    public static PauseReason of(String words) {
        return new PauseReason(words, Set.of());
    }
}
