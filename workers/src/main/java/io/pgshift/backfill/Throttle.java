package io.pgshift.backfill;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides from a signal reading whether the backfill must hold off. It starts throttling when
 * a signal exceeds its limit and stops only once every signal is at or below half its limit
 * (hysteresis), so a signal hovering around the limit does not make the worker flap. One
 * instance per partition loop; not thread-safe.
 */
public final class Throttle {
    private final ThrottleSettings settings;
    private boolean throttled;

    public Throttle(ThrottleSettings settings) {
        this.settings = settings;
    }

    public ThrottleDecision decide(ThrottleSignals signals) {
        List<ThrottleDecision.Excess> excesses = new ArrayList<>();
        Duration maxLag = settings.maxReplicationLag();
        Duration lagLimit = throttled ? maxLag.dividedBy(2) : maxLag;
        if (signals.replicationLag().compareTo(lagLimit) > 0) {
            excesses.add(new ThrottleDecision.Excess(ThrottleReason.REPLICATION_LAG,
                    signals.replicationLag().toMillis(), lagLimit.toMillis()));
        }
        int waiterLimit = throttled ? settings.maxLockWaiters() / 2 : settings.maxLockWaiters();
        if (signals.lockWaiters() > waiterLimit) {
            excesses.add(new ThrottleDecision.Excess(ThrottleReason.LOCK_WAITERS, signals.lockWaiters(), waiterLimit));
        }
        ThrottleDecision decision = new ThrottleDecision(excesses);
        throttled = decision.throttled();
        return decision;
    }
}
