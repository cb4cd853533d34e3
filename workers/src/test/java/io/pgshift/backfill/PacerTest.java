package io.pgshift.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PacerTest {
    private static ThrottleSignals busy(int sessions) {
        return new ThrottleSignals(Duration.ZERO, 0, sessions, 0);
    }

    private static Duration ms(double millis) {
        return Duration.ofNanos((long) (millis * 1_000_000));
    }

    @Test
    void runsFlatOutWhileNoOtherSessionIsBusy() {
        PaceDecision d = new Pacer().decide(busy(0), ms(1));
        assertEquals(PaceMode.FULL_SPEED, d.mode());
        assertEquals(Pacer.FULL_SPEED_TARGET_MS, d.targetMs());
        assertEquals(0, d.pauseMs());
        assertEquals("full speed: no other session busy", d.reason());
    }

    @Test
    void yieldsAtOnceRestingFirstToMeasureTheDatabaseWithoutTheBackfill() {
        Pacer pacer = new Pacer();
        pacer.decide(busy(0), ms(1));
        PaceDecision rest = pacer.decide(busy(4), ms(1));
        assertEquals(PaceMode.YIELDING, rest.mode());
        assertEquals(Pacer.YIELD_TARGET_MS, rest.targetMs());
        assertEquals(Pacer.REST_MS, rest.pauseMs());
        assertEquals("yielding: 4 other sessions busy; resting 750 ms to measure the database without this backfill",
                rest.reason());
        PaceDecision d = pacer.decide(busy(4), ms(1));
        assertEquals(Pacer.YIELD_TARGET_MS * Pacer.PAUSE_FLOOR_FACTOR, d.pauseMs());
        assertEquals("yielding: 4 other sessions busy; probe p95 1.0 ms vs 1.0 ms resting; pause 50 ms", d.reason());
    }

    @Test
    void thePauseGrowsWhileTheProbeIsSlowerThanAtRestAndShrinksBackOnceItIsNot() {
        Pacer pacer = new Pacer(2, 16);
        assertEquals(Pacer.REST_MS, pacer.decide(busy(3), ms(3.5)).pauseMs());
        pacer.decide(busy(3), ms(1)); // the reading after the rest: 1 ms without this backfill
        int previous = 16;
        for (int i = 0; i < 8; i++) {
            PaceDecision d = pacer.decide(busy(3), ms(3.5));
            assertTrue(d.pauseMs() > previous, "pause grows while the probe is slow: " + d);
            previous = d.pauseMs();
        }
        assertTrue(previous <= Pacer.PAUSE_MAX_MS);
        PaceDecision slow = pacer.decide(busy(3), ms(3.5));
        assertTrue(slow.reason().contains("probe p95 3.5 ms vs 1.0 ms resting"), slow.reason());
        // fast probes push the slow ones out of the p95 window, then the pause shrinks to its floor
        int last = Integer.MAX_VALUE;
        for (int i = 0; i < 6; i++) {
            pacer.decide(busy(3), ms(1));
        }
        for (int i = 0; i < 30; i++) {
            PaceDecision d = pacer.decide(busy(3), ms(1));
            if (d.pauseMs() != Pacer.REST_MS) {
                last = d.pauseMs();
            } else {
                pacer.decide(busy(3), ms(1)); // rested again, still 1 ms
            }
        }
        assertEquals(16, last);
    }

    @Test
    void aProbeSlowedByTheApplicationAloneDoesNotHoldTheBackfillBack() {
        Pacer pacer = new Pacer(2, 16);
        pacer.decide(busy(3), ms(5));
        pacer.decide(busy(3), ms(5)); // at rest the database answers in 5 ms: the application's own load
        PaceDecision d = null;
        for (int i = 0; i < 10; i++) {
            d = pacer.decide(busy(3), ms(6));
        }
        assertEquals(16, d.pauseMs(), d.reason());
    }

    @Test
    void sessionsItCannotSeeCountAsBusyAndTheReasonSaysWhatToGrant() {
        PaceDecision d = new Pacer().decide(new ThrottleSignals(Duration.ZERO, 0, 0, 2), ms(1));
        assertEquals(PaceMode.YIELDING, d.mode());
        assertTrue(d.reason().startsWith("yielding: 0 other sessions busy, 2 whose activity this role cannot see"
                + " (grant it pg_read_all_stats); resting"), d.reason());
    }

    @Test
    void aShorterTargetShrinksTheBatchAtOnceALongerOneLetsItGrow() {
        AdaptiveBatchSize size = new AdaptiveBatchSize(20_000, 200, 100, 20_000);
        size.retarget(2);
        assertEquals(200, size.current());
        size.retarget(200);
        assertEquals(200, size.current());
        size.record(Duration.ofMillis(2), 200);
        assertEquals(283, size.current());
    }
}
