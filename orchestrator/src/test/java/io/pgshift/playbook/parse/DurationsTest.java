package io.pgshift.playbook.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void readsEveryUnitAndBareMilliseconds() {
        assertEquals(Optional.of(Duration.ofMillis(500)), Durations.parse("500ms"));
        assertEquals(Optional.of(Duration.ofSeconds(30)), Durations.parse("30s"));
        assertEquals(Optional.of(Duration.ofMinutes(5)), Durations.parse("5m"));
        assertEquals(Optional.of(Duration.ofHours(2)), Durations.parse("2h"));
        assertEquals(Optional.of(Duration.ofDays(1)), Durations.parse("1d"));
        assertEquals(Optional.of(Duration.ofMillis(250)), Durations.parse("250"));
    }

    @Test
    void rejectsAnythingElse() {
        assertEquals(Optional.empty(), Durations.parse("1.5s"));
        assertEquals(Optional.empty(), Durations.parse("-1s"));
        assertEquals(Optional.empty(), Durations.parse("5 minutes"));
        assertEquals(Optional.empty(), Durations.parse("PT5S"));
    }

    @Test
    void formatsWithTheLargestExactUnit() {
        assertEquals("1m", Durations.format(Duration.ofSeconds(60)));
        assertEquals("1500ms", Durations.format(Duration.ofMillis(1500)));
        assertEquals("0ms", Durations.format(Duration.ZERO));
    }
}
