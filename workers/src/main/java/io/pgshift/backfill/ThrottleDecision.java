package io.pgshift.backfill;

/** Whether to hold off, and why in words an operator reads on the partition row. */
public record ThrottleDecision(boolean throttled, String reason) {
    public static final ThrottleDecision GO = new ThrottleDecision(false, null);

    public static ThrottleDecision hold(String reason) {
        return new ThrottleDecision(true, reason);
    }
}
