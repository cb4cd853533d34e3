package io.pgshift.sync;

import io.pgshift.plan.DurationText;
import java.time.Duration;
import java.time.Instant;

/**
 * Whether writers still rely on a sync trigger, from its fill counter: the only evidence that
 * the application's old version (whose writes omit the new columns) is gone.
 *
 * @param trigger        the trigger, with its stored evidence
 * @param filled         rows it filled since it was installed
 * @param filledRecently rows it filled during {@code recentWindow} (up to now)
 * @param recentWindow   {@link RelianceReader#RECENT}, or less when the trigger is younger or
 *                       was not sampled that long ago
 * @param lastFillAt     the second of the last fill; null when it never filled a row
 * @param quietFor       how long it has provably filled nothing (zero when it filled a row just now)
 * @param live           whether the counter was read now; false when it could not be (figures as last sampled)
 */
public record Reliance(SyncTrigger trigger, long filled, long filledRecently, Duration recentWindow, Instant lastFillAt,
                       Duration quietFor, boolean live) {

    /** True while the trigger filled a row within its quiet period: dropping it would break those writers. */
    public boolean reliedOn() {
        return trigger.state() != SyncTriggerState.DROPPED && quietFor.compareTo(trigger.quietPeriod()) < 0;
    }

    /** What is left of the quiet period before cleanup may drop it (zero once it may). */
    public Duration quietLeft() {
        Duration left = trigger.quietPeriod().minus(quietFor);
        return left.isNegative() ? Duration.ZERO : left;
    }

    /**
     * One line for people: {@code 312 rows filled by the trigger in the last 5m: writers still
     * omit orders.currency_code}, or how long it has been quiet.
     */
    public String describe() {
        if (trigger.kind() == RetainedKind.VIEW) {
            return "view " + trigger.table().schema() + "." + trigger.name() + " keeps the old name of "
                    + trigger.table().display() + " working, since the rename " + DurationText.format(quietFor.withNanos(0))
                    + " ago" + (reliedOn() ? "; cleanup drops it after " + DurationText.format(trigger.quietPeriod())
                    : "; cleanup may drop it now (make sure nothing uses the old name)");
        }
        if (trigger.dropsColumn() != null) {
            // alter_column_type after its swap: nobody writes the old column, the trigger keeps it
            return "old column " + trigger.table().display() + "." + trigger.dropsColumn() + " kept since the swap "
                    + DurationText.format(quietFor.withNanos(0)) + " ago, following the new one"
                    + (reliedOn() ? "; cleanup drops it with the trigger after " + DurationText.format(trigger.quietPeriod())
                    : "; cleanup may drop it with the trigger now");
        }
        String columns = trigger.columnsDisplay();
        String asOf = live ? "" : " (as last sampled, at " + trigger.evidence().sampledAt() + ")";
        if (filledRecently > 0 || quietFor.isZero() && filled > 0) {
            return filledRecently + " rows filled by the trigger in the last " + DurationText.format(recentWindow)
                    + (lastFillAt == null ? "" : ", the last at " + lastFillAt) + asOf + ": writers still omit " + columns;
        }
        String quiet = (filled == 0 ? "no row filled since it was installed, " : "no row filled for ")
                + DurationText.format(quietFor.withNanos(0)) + (lastFillAt == null ? "" : " (last fill at " + lastFillAt + ")")
                + asOf;
        if (reliedOn()) {
            return quiet + "; cleanup waits for " + DurationText.format(trigger.quietPeriod())
                    + " without a fill before it drops the trigger";
        }
        return quiet + ": no writer omits " + columns + " any more";
    }
}
