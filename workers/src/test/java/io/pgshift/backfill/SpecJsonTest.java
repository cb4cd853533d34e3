package io.pgshift.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpecJsonTest {
    @Test
    void specSurvivesTheRoundTrip() {
        BackfillSpec spec = BackfillSpec.of("fill", new BackfillTarget("\"public\".\"users\"",
                        List.of(new KeyColumn("id", "bigint"), new KeyColumn("k", "text")),
                        Map.of("a", "b || 'x'"), "role = 'student'"), "public.users")
                .withBatch(new BatchSettings(500, 50, 10, 900, 7))
                .withThrottle(new ThrottleSettings(Duration.ofMillis(1500), 2))
                .withSchedule(new Schedule("0 * 22-23 ? * *", ZoneId.of("Asia/Baku")))
                .withTimeouts(new BackfillSpec.Timeouts(250, 5000));
        assertEquals(spec, SpecJson.read(SpecJson.write(spec)));
    }

    @Test
    void keysAreJsonArraysOfText() {
        assertEquals("[\"42\",\"it's \\\"q\\\"\"]", SpecJson.writeKey(List.of("42", "it's \"q\"")));
        assertEquals(List.of("42", "it's \"q\""), SpecJson.readKey(SpecJson.writeKey(List.of("42", "it's \"q\""))));
        assertNull(SpecJson.writeKey(null));
    }
}
