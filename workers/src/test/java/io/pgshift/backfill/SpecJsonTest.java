package io.pgshift.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
                .withAllowedWindows(List.of(new Schedule("0 * 1-5 ? * *", ZoneId.of("UTC")),
                        new Schedule("0 * * ? * SAT,SUN", ZoneId.of("Europe/Berlin"))))
                .withTimeouts(new BackfillSpec.Timeouts(250, 5000));
        assertEquals(spec, SpecJson.read(SpecJson.write(spec)));
    }

    @Test
    void joinedSourceSurvivesTheRoundTripWithItsPairsInOrder() {
        var on = new java.util.LinkedHashMap<String, String>();
        on.put("region", "region");
        on.put("customer_id", "id");
        BackfillSpec spec = BackfillSpec.of("fill", new BackfillTarget("\"public\".\"orders\"",
                List.of(new KeyColumn("id", "bigint")), Map.of("currency_code", "customers.currency"), null,
                new BackfillJoin("\"sales\".\"customers\"", "customers", "orders", on)), "public.orders");
        BackfillSpec read = SpecJson.read(SpecJson.write(spec));
        assertEquals(spec, read);
        assertEquals(List.of("region", "customer_id"), List.copyOf(read.target().join().on().keySet()));
        assertFalse(SpecJson.write(BackfillSpec.of("fill", new BackfillTarget("\"public\".\"orders\"",
                List.of(new KeyColumn("id", "bigint")), Map.of("a", "1"), null), "public.orders")).contains("\"from\""));
    }

    @Test
    void allowedWindowsAreStoredAsCronAndZone() {
        BackfillSpec spec = BackfillSpec.of("fill", new BackfillTarget("\"public\".\"users\"",
                        List.of(new KeyColumn("id", "bigint")), Map.of("a", "1"), null), "public.users")
                .withAllowedWindows(List.of(new Schedule("0 * 1-5 ? * *", ZoneId.of("Asia/Baku"))));
        assertTrue(SpecJson.write(spec).contains("\"allowed_windows\":[{\"cron\":\"0 * 1-5 ? * *\","
                + "\"time_zone\":\"Asia/Baku\"}]"), SpecJson.write(spec));
        assertFalse(SpecJson.write(spec.withAllowedWindows(List.of())).contains("allowed_windows"));
    }

    @Test
    void specStoredBeforeAllowedWindowsReadsAsAnyTime() {
        // As written before targets had allowed windows
        String stored = """
                {"name":"fill","table_sql":"\\"public\\".\\"users\\"","table_name":"public.users",
                 "key":[{"name":"id","type":"bigint"}],"set":{"a":"1"},
                 "batch":{"size":1000,"target_ms":20,"min_size":100,"max_size":20000,"pause_ms":40},
                 "throttle":{"max_replication_lag_ms":5000,"max_lock_waiters":3},
                 "schedule":{"cron":"0 * 22-23 ? * *","time_zone":"UTC"},
                 "timeouts":{"lock_timeout_ms":1000,"statement_timeout_ms":30000}}
                """;
        BackfillSpec spec = SpecJson.read(stored);
        assertEquals(List.of(), spec.allowedWindows());
        assertEquals(Optional.of(new Schedule("0 * 22-23 ? * *", ZoneId.of("UTC"))), spec.schedule());
        assertEquals("\"public\".\"users\"", spec.target().tableSql());
        assertNull(spec.target().syncTrigger(), "stored before batches passed their trigger by: it fires as it did");
    }

    @Test
    void theSyncTriggerTheBatchesPassBySurvivesTheRoundTrip() {
        BackfillSpec spec = BackfillSpec.of("fill", new BackfillTarget("\"public\".\"users\"",
                List.of(new KeyColumn("id", "bigint")), Map.of("a", "1"), null, null, "pgshift_sync_users_a"),
                "public.users");
        assertTrue(SpecJson.write(spec).contains("\"sync_trigger\":\"pgshift_sync_users_a\""), SpecJson.write(spec));
        assertEquals(spec, SpecJson.read(SpecJson.write(spec)));
        assertFalse(SpecJson.write(BackfillSpec.of("fill", new BackfillTarget("\"public\".\"users\"",
                List.of(new KeyColumn("id", "bigint")), Map.of("a", "1"), null), "public.users")).contains("sync_trigger"));
    }

    @Test
    void keysAreJsonArraysOfText() {
        assertEquals("[\"42\",\"it's \\\"q\\\"\"]", SpecJson.writeKey(List.of("42", "it's \"q\"")));
        assertEquals(List.of("42", "it's \"q\""), SpecJson.readKey(SpecJson.writeKey(List.of("42", "it's \"q\""))));
        assertNull(SpecJson.writeKey(null));
    }
}
