package io.pgshift.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WindowReasonTest {
    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final Optional<Instant> OPENS = Optional.of(Instant.parse("2026-03-14T22:00:00Z"));
    private static final Schedule NIGHTS = new Schedule("0 * 22-23 ? * *", UTC);
    private static final List<Schedule> ALLOWED =
            List.of(new Schedule("0 * 1-5 ? * *", UTC), new Schedule("0 * * ? * SAT,SUN", UTC));

    @Test
    void namesThePlaybookScheduleWhenOnlyItRestricts() {
        assertEquals("outside the schedule window 0 * 22-23 ? * * (UTC); opens 2026-03-14T22:00:00Z",
                WindowReason.outside(Optional.of(NIGHTS), List.of(), OPENS));
    }

    @Test
    void namesTheTargetsAllowedWindowsWhenOnlyTheyRestrict() {
        assertEquals("outside the target's allowed windows (0 * 1-5 ? * * (UTC) or 0 * * ? * SAT,SUN (UTC));"
                + " opens 2026-03-14T22:00:00Z", WindowReason.outside(Optional.empty(), ALLOWED, OPENS));
    }

    @Test
    void namesBothWhenTheScheduleRunsWithinAllowedWindows() {
        assertEquals("outside the schedule window 0 * 22-23 ? * * (UTC) within the target's allowed windows"
                        + " (0 * 1-5 ? * * (UTC) or 0 * * ? * SAT,SUN (UTC)); opens 2026-03-14T22:00:00Z",
                WindowReason.outside(Optional.of(NIGHTS), ALLOWED, OPENS));
    }

    @Test
    void saysWhenTheWindowNeverOpensAgain() {
        assertEquals("outside the target's allowed windows 0 * 1-5 ? * * (UTC); opens never again",
                WindowReason.outside(Optional.empty(), ALLOWED.subList(0, 1), Optional.empty()));
    }
}
