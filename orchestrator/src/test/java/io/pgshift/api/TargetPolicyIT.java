package io.pgshift.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgshift.daemon.boot.Daemon;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A target's policy recorded with each run: outside the allowed windows a submitted run waits,
 * with the reason and the opening shown and audited, and touches nothing; at the opening its
 * driver fires again and the run completes, with the target's default settings filling what
 * the playbook left out. A backfill schedule that never meets the windows is refused.
 */
@ExtendWith(PgDatabaseExtension.class)
class TargetPolicyIT {
    private static final String TOKEN = "olivia-token";

    private static String config(TestDatabase db, String windows) {
        return """
                listen: 127.0.0.1:0
                node: target-policy-it
                targets:
                  production:
                    url: %s
                    policy:
                      allowed_windows: [%s]
                      default_settings: {lock_timeout: 345ms, batch: {size: 37, min_size: 10, pause_ms: 0}}
                tokens:
                  - {name: olivia, sha256: %s, roles: [operator, viewer]}
                """.formatted(db.jdbcUrlForChild(), windows, ApiClient.sha256(TOKEN));
    }

    /**
     * Allowed windows covering {@code minutes} minutes from {@code start} (UTC), as one cron per
     * hour touched: cron minute ranges cannot cross an hour.
     */
    static String windowsFrom(Instant start, int minutes) {
        Map<Integer, List<Integer>> byHour = new LinkedHashMap<>();
        for (int i = 0; i < minutes; i++) {
            ZonedDateTime t = start.plus(i, ChronoUnit.MINUTES).atZone(ZoneOffset.UTC);
            byHour.computeIfAbsent(t.getHour(), h -> new ArrayList<>()).add(t.getMinute());
        }
        return byHour.entrySet().stream().map(e -> "{cron: \"* " + e.getValue().get(0) + "-"
                + e.getValue().get(e.getValue().size() - 1) + " " + e.getKey() + " ? * *\", time_zone: UTC}")
                .collect(Collectors.joining(", "));
    }

    @Test
    void runWaitsOutsideTheAllowedWindowsTouchingNothingAndCompletesAtTheOpening(TestDatabase db) throws Exception {
        DaemonApiIT.table(db::execute, "ledger", 500);
        Instant now = Instant.now();
        // at least 15 s before the opening, to see the run wait
        Instant opens = now.truncatedTo(ChronoUnit.MINUTES).plus(now.atZone(ZoneOffset.UTC).getSecond() >= 45 ? 2 : 1,
                ChronoUnit.MINUTES);
        try (Daemon daemon = TestDaemons.start(config(db, windowsFrom(opens, 15)))) {
            ApiClient api = new ApiClient(daemon.baseUrl());
            ApiClient.Reply created = api.submit("production", TOKEN,
                    TestDaemons.doublingPlaybook("ledger-doubled", "ledger", "{max_size: 900}"));
            assertEquals(201, created.status(), created.toString());
            long runId = created.json().path("run").path("id").asLong();

            JsonNode waiting = awaitWaiting(api, runId);
            assertEquals("PENDING", waiting.path("state").asText(), waiting.toString());
            assertEquals(opens.toString(), waiting.path("waiting").path("until").asText(), waiting.toString());
            assertTrue(waiting.path("waiting").path("reason").asText().startsWith("outside the target's allowed windows "),
                    waiting.toString());
            assertEquals(waiting.path("waiting").path("reason").asText(),
                    waiting.path("progress").path("waiting_reason").asText(), "the progress line shows why");
            assertEquals(345 + "ms", waiting.path("policy").path("default_settings").path("lock_timeout").asText());
            assertEquals(0, db.queryLong("SELECT count(*) FROM information_schema.columns"
                    + " WHERE table_name = 'ledger' AND column_name = 'doubled'"), "nothing touched outside the window");
            assertEquals(1, db.queryLong("SELECT count(*) FROM pgshift.audit_log WHERE action = 'WAITING_FOR_WINDOW'"
                    + " AND run_id = " + runId));

            JsonNode done = api.awaitState("production", runId, TOKEN, "SUCCEEDED", 150);
            assertTrue(done.path("waiting").isNull(), done.toString());
            assertTrue(Instant.parse(done.path("started_at").asText()).compareTo(opens) >= 0,
                    "started at the opening, not before: " + done);
            assertEquals(0, db.queryLong("SELECT count(*) FROM ledger WHERE doubled IS DISTINCT FROM n * 2"));
            JsonNode spec = ApiJson.tree((String) db.queryValue("SELECT spec::text FROM pgshift.backfill WHERE run_id = "
                    + runId));
            assertEquals(37, spec.path("batch").path("size").asInt(), "the target's default batch size: " + spec);
            assertEquals(900, spec.path("batch").path("max_size").asInt(), "the playbook's own value: " + spec);
            assertEquals(0, spec.path("batch").path("pause_ms").asInt(), spec.toString());
            assertEquals(345, spec.path("timeouts").path("lock_timeout_ms").asInt(), spec.toString());
            assertTrue(spec.path("allowed_windows").size() >= 1, "the windows travel with the backfill: " + spec);
        }
    }

    @Test
    void planThroughTheDaemonUsesTheTargetsDefaultsAndTellsItsWindowsChangingNothing(TestDatabase db,
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        DaemonApiIT.table(db::execute, "planned", 10);
        Instant opens = Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(2, ChronoUnit.HOURS);
        try (Daemon daemon = TestDaemons.start(config(db, windowsFrom(opens, 5)))) {
            String yaml = TestDaemons.doublingPlaybook("planned-doubled", "planned", "{max_size: 2000}");
            ApiClient.Reply viewed = new ApiClient(daemon.baseUrl()).post("/api/v1/targets/production/plan", TOKEN,
                    "application/yaml", yaml);
            assertEquals(200, viewed.status(), viewed.toString());
            assertTrue(viewed.json().path("plan").asText().contains("Every statement runs under lock_timeout 345ms"),
                    viewed.toString());
            assertEquals(false, viewed.json().path("windows").path("open_now").asBoolean());
            assertEquals(opens.toString(), viewed.json().path("windows").path("next_opening").asText());

            java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("planned.yaml"), yaml);
            io.pgshift.cli.Cli.Result cli = io.pgshift.cli.Cli.run("plan", file.toString(), "--server", daemon.baseUrl(),
                    "--token", TOKEN, "--target", "production");
            assertEquals(0, cli.exitCode(), cli.toString());
            assertEquals(viewed.json().path("plan").asText(), cli.out(), "the daemon's plan, as it rendered it");
            assertTrue(cli.err().contains("target production runs only inside its allowed windows")
                    && cli.err().contains("closed now, next opening " + opens), cli.err());
            io.pgshift.cli.Cli.Result local = io.pgshift.cli.Cli.run("plan", file.toString(), "--database-url",
                    db.jdbcUrlForChild());
            assertTrue(local.out().contains("Every statement runs under lock_timeout 345ms"),
                    "without the daemon: the defaults its daemon recorded in the target, as a local apply uses: "
                            + local.out());
        }
        assertEquals(0, db.queryLong("SELECT count(*) FROM information_schema.columns"
                + " WHERE table_name = 'planned' AND column_name = 'doubled'"), "a plan changes nothing");
    }

    /** Through the daemon and by a local apply alike: accepted, the run would wait forever after expand. */
    @Test
    void backfillScheduleThatNeverMeetsTheAllowedWindowsIsRefused(TestDatabase db,
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        DaemonApiIT.table(db::execute, "journal", 10);
        // size 10: valid under the target's min_size 10, refused by the built-in defaults' 100
        String playbook = TestDaemons.doublingPlaybook("journal-doubled", "journal", "{size: 10}")
                .replace("    batch: {size: 10}\n", "    batch: {size: 10}\n    schedule: {cron: \"0 * 12-13 ? * *\"}\n");
        try (Daemon daemon = TestDaemons.start(config(db, "{cron: \"0 * 1-2 ? * *\", time_zone: UTC}"))) {
            ApiClient.Reply refused = new ApiClient(daemon.baseUrl()).submit("production", TOKEN, playbook);
            assertEquals(422, refused.status(), refused.toString());
            assertEquals("PLAN_REJECTED", refused.json().path("code").asText(), refused.toString());
            assertEquals("backfill[0].schedule", refused.json().path("problems").path(0).path("path")
                    .asText(), refused.toString());
            assertEquals(0, db.queryLong("SELECT count(*) FROM pgshift.run"), "nothing created");
        }

        // the daemon recorded its policy in the target: a local apply parses the playbook with its
        // default settings and meets the same windows
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("journal.yaml"), playbook);
        io.pgshift.cli.Cli.Result local = io.pgshift.cli.Cli.run("apply", file.toString(), "--database-url",
                db.jdbcUrlForChild());
        assertEquals(5, local.exitCode(), local.toString());
        assertTrue(local.err().contains("backfill[0].schedule"), local.err());
        assertEquals(0, db.queryLong("SELECT count(*) FROM pgshift.run"), "nothing created");
        assertEquals(0, db.queryLong("SELECT count(*) FROM information_schema.columns"
                + " WHERE table_name = 'journal' AND column_name = 'doubled'"), "the table is untouched");
    }

    @Test
    void driverLeavesABackfillWaitingForItsWindowAndComesBackAtTheOpeningUnlessCancelled(TestDatabase db)
            throws Exception {
        DaemonApiIT.table(db::execute, "archive", 50);
        ZonedDateTime inSixMonths = ZonedDateTime.now(ZoneOffset.UTC).plusMonths(6);
        Instant opens = inSixMonths.withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).toInstant();
        String playbook = TestDaemons.doublingPlaybook("archive-doubled", "archive", "{size: 100}")
                .replace("    batch: {size: 100}\n", "    batch: {size: 100}\n    schedule: {cron: \"0 * * * "
                        + inSixMonths.getMonthValue() + " ?\", time_zone: UTC}\n");
        String noPolicy = config(db, "").replaceAll("(?s)    policy:.*?\n(  tokens|tokens)", "$1");
        try (Daemon daemon = TestDaemons.start(noPolicy)) {
            ApiClient api = new ApiClient(daemon.baseUrl());
            ApiClient.Reply created = api.submit("production", TOKEN, playbook);
            assertEquals(201, created.status(), created.toString());
            long runId = created.json().path("run").path("id").asLong();
            JsonNode waiting = awaitWaiting(api, runId);
            assertEquals("BACKFILLING", waiting.path("state").asText(), waiting.toString());
            assertTrue(waiting.path("waiting").path("reason").asText().matches("backfill \\d+ outside its window .*"),
                    waiting.toString());
            assertEquals(opens.toString(), waiting.path("waiting").path("until").asText(), waiting.toString());
            // the run records its wait before its driver returns and Quartz stores the trigger's next fire
            String nextFire = "SELECT next_fire_time FROM pgshift.qrtz_triggers WHERE job_name = 'run-" + runId + "'";
            for (int i = 0; i < 200 && db.queryLong(nextFire) != opens.toEpochMilli(); i++) {
                Thread.sleep(50);
            }
            assertEquals(opens.toEpochMilli(), db.queryLong(nextFire), "the driver fires again at the opening");
            assertEquals(0, db.queryLong("SELECT count(*) FROM pgshift.qrtz_fired_triggers"
                    + " WHERE job_name = 'run-" + runId + "'"), "and holds no worker thread meanwhile");
            // the daemon's watch for runs without a driver (every 15 s, past a 15 s grace) leaves a waiting run be:
            // a driver fired for it would find the window closed and record its wait a second time
            Thread.sleep(35_000);
            assertEquals(1, db.queryLong("SELECT count(*) FROM pgshift.qrtz_triggers WHERE job_name = 'run-" + runId + "'"));
            assertEquals(opens.toEpochMilli(), db.queryLong(nextFire), "still fires at the opening only");
            assertEquals(1, db.queryLong("SELECT count(*) FROM pgshift.audit_log WHERE action = 'WAITING_FOR_WINDOW'"
                    + " AND run_id = " + runId), "no driver was fired for it meanwhile");

            ApiClient.Reply cancelled = api.post("/api/v1/targets/production/runs/" + runId + "/cancel", TOKEN, null, "");
            assertEquals(200, cancelled.status(), cancelled.toString());
            JsonNode end = api.awaitState("production", runId, TOKEN, "CANCELLED", 20);
            assertTrue(end.path("waiting").isNull(), "a cancelled run waits for nothing: " + end);
            assertEquals(0, db.queryLong("SELECT count(*) FROM archive WHERE doubled IS NOT NULL"));
        }
    }

    private static JsonNode awaitWaiting(ApiClient api, long runId) throws InterruptedException {
        ApiClient.Reply last = null;
        for (int i = 0; i < 100; i++) {
            last = api.get("/api/v1/targets/production/runs/" + runId, TOKEN);
            if (last.json().path("waiting").isObject()) {
                return last.json();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("run " + runId + " did not wait for its window: " + last);
    }
}
