package io.pgshift.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;
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
        assertEquals(Set.of(ThrottleReason.REPLICATION_LAG), d.reasons());
        ThrottleDecision w = new Throttle(new ThrottleSettings(Duration.ofSeconds(4), 4)).decide(
                new ThrottleSignals(Duration.ZERO, 5));
        assertTrue(w.reason().contains("5 sessions waiting for a lock on the table > 4"), w.reason());
        assertEquals(Set.of(ThrottleReason.LOCK_WAITERS), w.reasons());
    }

    @Test
    void bothSignalsOverTheirLimitsGiveBothKindsAndTheirWordsInOrder() {
        ThrottleDecision d = read(1200 + 4000, 7);
        assertEquals(Set.of(ThrottleReason.REPLICATION_LAG, ThrottleReason.LOCK_WAITERS), d.reasons());
        assertEquals("replication lag 5200 ms > 4000 ms; 7 sessions waiting for a lock on the table > 4", d.reason());
        assertEquals(new PauseReason(d.reason(), d.reasons()), d.pauseReason());
    }

    @Test
    void goingHasNeitherWordsNorKinds() {
        ThrottleDecision d = read(0, 0);
        assertNull(d.reason());
        assertTrue(d.reasons().isEmpty());
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
