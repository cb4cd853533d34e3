package io.pgshift.backfill;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ThrottleTest {
    private final Throttle throttle = new Throttle(new ThrottleSettings(Duration.ofSeconds(4), 4));

    private ThrottleDecision read(long lagMs, int waiters) {
        return throttle.decide(new ThrottleSignals(Duration.ofMillis(lagMs), waiters));
    }

    @Test
    void goesWhenSignalsAreUnderTheirLimits() {
        assertFalse(read(4000, 4).throttled());
    }

    @Test
    void holdsAboveALimitAndSaysWhy() {
        ThrottleDecision d = read(4500, 0);
        assertTrue(d.throttled());
        assertTrue(d.reason().contains("replication lag 4500 ms > 4000 ms"), d.reason());
        ThrottleDecision w = new Throttle(new ThrottleSettings(Duration.ofSeconds(4), 4)).decide(
                new ThrottleSignals(Duration.ZERO, 5));
        assertTrue(w.reason().contains("5 sessions waiting for a lock on the table > 4"), w.reason());
    }

    @Test
    void resumesOnlyBelowHalfTheLimit() {
        assertTrue(read(5000, 0).throttled());
        assertTrue(read(3000, 0).throttled(), "under the limit but above half of it: still held");
        assertTrue(read(1000, 3).throttled(), "lock waiters above half their limit: still held");
        assertFalse(read(2000, 2).throttled());
        assertFalse(read(3000, 0).throttled(), "once released, the full limit applies again");
    }
}
