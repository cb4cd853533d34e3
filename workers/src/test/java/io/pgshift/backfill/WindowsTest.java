package io.pgshift.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link AnyWindow}, {@link AllWindows} and {@link Windows#of}. 2026-03-11 is a Wednesday, 2026-03-14 a Saturday. */
class WindowsTest {
    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final Schedule EARLY = new Schedule("0 * 1-5 ? * *", UTC);
    private static final Schedule NOON = new Schedule("0 * 12 ? * *", UTC);
    private static final Schedule NIGHTS = new Schedule("0 * 22-23,0-4 ? * *", UTC);
    private static final Schedule WEEKENDS = new Schedule("0 * * ? * SAT,SUN", UTC);

    private static Window window(Schedule s) {
        return new ScheduleWindow(s);
    }

    private static Instant at(String utc) {
        return Instant.parse(utc);
    }

    @Test
    void aUnionIsOpenWhenAnyOfItsWindowsIs() {
        AnyWindow allowed = new AnyWindow(List.of(window(EARLY), window(NOON)));
        assertTrue(allowed.isOpen(at("2026-03-11T03:00:00Z")), "early");
        assertTrue(allowed.isOpen(at("2026-03-11T12:59:59Z")), "noon");
        assertFalse(allowed.isOpen(at("2026-03-11T07:00:00Z")), "neither");
        assertFalse(allowed.isOpen(at("2026-03-11T13:00:00Z")), "noon has closed");
    }

    @Test
    void aUnionOpensAtTheEarliestOfItsOpenings() {
        AnyWindow allowed = new AnyWindow(List.of(window(EARLY), window(NOON)));
        assertEquals(at("2026-03-11T12:00:00Z"), allowed.nextOpening(at("2026-03-11T07:00:00Z")).orElseThrow());
        assertEquals(at("2026-03-12T01:00:00Z"), allowed.nextOpening(at("2026-03-11T13:00:00Z")).orElseThrow());
    }

    @Test
    void anIntersectionIsOpenOnlyWhenAllOfItsWindowsAre() {
        AllWindows weekendNights = new AllWindows(List.of(window(NIGHTS), window(WEEKENDS)));
        assertTrue(weekendNights.isOpen(at("2026-03-14T23:00:00Z")), "Saturday night");
        assertFalse(weekendNights.isOpen(at("2026-03-11T23:00:00Z")), "a Wednesday night");
        assertFalse(weekendNights.isOpen(at("2026-03-14T12:00:00Z")), "a Saturday noon");
    }

    @Test
    void nightsWithinWeekendsOpenAtTheFirstWeekendNightMinute() {
        AllWindows weekendNights = new AllWindows(List.of(window(NIGHTS), window(WEEKENDS)));
        assertEquals(at("2026-03-14T00:00:00Z"), weekendNights.nextOpening(at("2026-03-11T10:00:00Z")).orElseThrow(),
                "from a Wednesday: the small hours of Saturday (Friday's night, past midnight)");
        assertEquals(at("2026-03-14T22:00:00Z"), weekendNights.nextOpening(at("2026-03-14T06:00:00Z")).orElseThrow(),
                "from Saturday morning: Saturday 22:00");
    }

    @Test
    void windowsThatNeverOverlapNeverOpenTogether() {
        AllWindows never = new AllWindows(List.of(window(EARLY), window(NOON)));
        assertFalse(never.isOpen(at("2026-03-11T03:00:00Z")));
        assertEquals(Optional.empty(), never.nextOpening(at("2026-03-11T07:00:00Z")));
    }

    @Test
    void aScheduleWithinAUnionOfAllowedWindows() {
        Schedule evenings = new Schedule("0 * 20-23 ? * *", UTC);
        Window w = Windows.of(Optional.of(evenings), List.of(WEEKENDS, new Schedule("0 * 23 ? * *", UTC))).orElseThrow();
        assertFalse(w.isOpen(at("2026-03-11T21:00:00Z")), "a Wednesday evening before 23:00 is not allowed");
        assertTrue(w.isOpen(at("2026-03-11T23:30:00Z")), "23:00 is allowed every day");
        assertTrue(w.isOpen(at("2026-03-14T21:00:00Z")), "any weekend minute is allowed");
        assertEquals(at("2026-03-11T23:00:00Z"), w.nextOpening(at("2026-03-11T10:00:00Z")).orElseThrow());
        assertEquals(at("2026-03-14T20:00:00Z"), w.nextOpening(at("2026-03-14T10:00:00Z")).orElseThrow());
    }

    @Test
    void windowsInDifferentZonesMeetOnTheSameInstants() {
        // 22:00-24:00 in Baku (UTC+4, no DST) is 18:00-20:00 UTC; it meets 19:00-22:00 UTC at 19:00-20:00 UTC
        Window bakuNights = window(new Schedule("0 * 22-23 ? * *", ZoneId.of("Asia/Baku")));
        AllWindows both = new AllWindows(List.of(bakuNights, window(new Schedule("0 * 19-21 ? * *", UTC))));
        assertFalse(both.isOpen(at("2026-03-11T18:30:00Z")), "Baku 22:30, before 19:00 UTC");
        assertTrue(both.isOpen(at("2026-03-11T19:30:00Z")), "Baku 23:30, UTC 19:30");
        assertFalse(both.isOpen(at("2026-03-11T20:00:00Z")), "Baku midnight");
        assertEquals(at("2026-03-11T19:00:00Z"), both.nextOpening(at("2026-03-11T10:00:00Z")).orElseThrow());
    }

    @Test
    void describeNamesEveryWindowWithItsZone() {
        assertEquals("0 * 1-5 ? * * (UTC)", window(EARLY).describe());
        assertEquals("0 * 1-5 ? * * (UTC)", new AnyWindow(List.of(window(EARLY))).describe(), "a union of one is that window");
        assertEquals("(0 * 1-5 ? * * (UTC) or 0 * 12 ? * * (UTC))",
                new AnyWindow(List.of(window(EARLY), window(NOON))).describe());
        assertEquals("0 * 22-23,0-4 ? * * (UTC) and (0 * 1-5 ? * * (UTC) or 0 * 12 ? * * (UTC))",
                Windows.of(Optional.of(NIGHTS), List.of(EARLY, NOON)).orElseThrow().describe());
    }

    @Test
    void nothingRestrictsWithoutAScheduleOrAllowedWindows() {
        assertEquals(Optional.empty(), Windows.of(Optional.empty(), List.of()));
        assertEquals("(0 * 1-5 ? * * (UTC) or 0 * 12 ? * * (UTC))",
                Windows.of(Optional.empty(), List.of(EARLY, NOON)).orElseThrow().describe());
        assertEquals("0 * 12 ? * * (UTC)", Windows.of(Optional.of(NOON), List.of()).orElseThrow().describe());
    }
}
