package io.pgshift.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ScheduleWindowTest {
    // Nights 22:00-06:00 in Baku (UTC+4, no DST)
    private final ScheduleWindow nights = new ScheduleWindow(new Schedule("0 * 22-23,0-5 ? * *", ZoneId.of("Asia/Baku")));

    private static Instant at(String utc) {
        return Clock.fixed(Instant.parse(utc), ZoneOffset.UTC).instant();
    }

    @Test
    void openInTheMinutesTheCronFires() {
        assertTrue(nights.isOpen(at("2026-03-10T18:00:00Z")), "22:00:00 local");
        assertTrue(nights.isOpen(at("2026-03-10T18:00:59.999Z")), "22:00:59 is within the minute 22:00");
        assertTrue(nights.isOpen(at("2026-03-11T01:59:59Z")), "05:59:59 local");
    }

    @Test
    void closedOutsideThem() {
        assertFalse(nights.isOpen(at("2026-03-10T17:59:59Z")), "21:59:59 local");
        assertFalse(nights.isOpen(at("2026-03-11T02:00:00Z")), "06:00:00 local");
    }

    @Test
    void nextOpeningIsTheFirstFiringMinute() {
        assertEquals(Instant.parse("2026-03-10T18:00:00Z"), nights.nextOpening(at("2026-03-10T09:30:12Z")).orElseThrow());
    }

    @Test
    void secondsFieldMustAllowMinuteBoundaries() {
        assertThrows(IllegalArgumentException.class, () -> new Schedule("30 * * ? * *", ZoneId.of("UTC")));
        assertThrows(IllegalArgumentException.class, () -> new Schedule("not a cron", ZoneId.of("UTC")));
    }
}
