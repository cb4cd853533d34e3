package io.pgshift.playbook.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.playbook.Backfill;
import io.pgshift.playbook.BatchSpec;
import io.pgshift.playbook.DeploySettings;
import io.pgshift.playbook.LockRetries;
import io.pgshift.playbook.Playbook;
import io.pgshift.playbook.PlaybookDefaults;
import io.pgshift.playbook.PlaybookInvalidException;
import io.pgshift.playbook.PlaybookProblem;
import io.pgshift.playbook.Settings;
import java.time.Duration;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A target's default_settings: read with the playbook's rules, and filling only what a playbook leaves out. */
class DefaultsParserTest {
    private static final String TARGET_DEFAULTS = """
            {"lock_timeout": "200ms", "lock_retries": {"max_attempts": 60, "initial_backoff": "1s"},
             "schema": "app", "batch": {"size": 500, "pause_ms": 100}, "throttle": {"max_lock_waiters": 1}}
            """;

    private static final String PLAYBOOK = """
            name: add-memo
            settings:
              statement_timeout: 10s
              lock_retries: {max_attempts: 5}
            expand:
              - add_column: {table: orders, column: memo, type: text}
            backfill:
              - table: orders
                set: {memo: "'none'"}
                batch: {max_size: 2000}
              - table: public.invoices
                set: {memo: "'none'"}
                batch: {size: 50, min_size: 10, pause_ms: 0}
                throttle: {max_lock_waiters: 4}
            """;

    private static PlaybookDefaults defaults() {
        return new DefaultsParser().parse("targets.production.policy.default_settings", TARGET_DEFAULTS);
    }

    @Test
    void readsEveryKeyAndKeepsBuiltInsForTheRest() {
        PlaybookDefaults d = defaults();
        assertEquals(new Settings(Duration.ofMillis(200), Settings.DEFAULT.statementTimeout(),
                Settings.DEFAULT.scanStatementTimeout(), new LockRetries(60, Duration.ofSeconds(1),
                LockRetries.DEFAULT.maxBackoff()), "app", DeploySettings.DEFAULT), d.settings());
        BatchSpec b = BatchSpec.DEFAULT;
        assertEquals(new BatchSpec(500, b.targetMs(), b.minSize(), b.maxSize(), 100), d.batch());
        assertEquals(1, d.throttle().maxLockWaiters());
        assertEquals(PlaybookDefaults.BUILT_IN.throttle().maxReplicationLag(), d.throttle().maxReplicationLag());
    }

    @Test
    void playbookValuesWinAndWhatItLeavesOutComesFromTheTarget() {
        Playbook p = new PlaybookParser(defaults()).parse("p.yaml", PLAYBOOK);
        Settings s = p.settings();
        assertEquals(Duration.ofMillis(200), s.lockTimeout(), "left out: the target's");
        assertEquals(Duration.ofSeconds(10), s.statementTimeout(), "written: the playbook's");
        assertEquals(new LockRetries(5, Duration.ofSeconds(1), LockRetries.DEFAULT.maxBackoff()), s.lockRetries(),
                "a partly written mapping takes the target's values for the rest");
        Backfill orders = p.backfill().get(0);
        assertEquals("app", orders.table().schema(), "unqualified names resolve in the target's default schema");
        assertEquals(500, orders.batch().size());
        assertEquals(2000, orders.batch().maxSize());
        assertEquals(100, orders.batch().pauseMs());
        assertEquals(1, orders.throttle().maxLockWaiters());
        Backfill invoices = p.backfill().get(1);
        assertEquals(new BatchSpec(50, BatchSpec.DEFAULT.targetMs(), 10,
                BatchSpec.DEFAULT.maxSize(), 0), invoices.batch());
        assertEquals(4, invoices.throttle().maxLockWaiters());
    }

    @Test
    void paceIsAutoUnlessTheBatchTimingIsGivenWhichMeansFixed() {
        String playbook = """
                name: paces
                backfill:
                  - table: a
                    set: {x: "1"}
                  - table: b
                    set: {x: "1"}
                    batch: {max_size: 5000}
                  - table: c
                    set: {x: "1"}
                    batch: {target_ms: 20}
                  - table: d
                    set: {x: "1"}
                    batch: {pace: fixed}
                """;
        Playbook p = new PlaybookParser().parse("p.yaml", playbook);
        assertEquals(java.util.List.of(io.pgshift.backfill.Pace.AUTO, io.pgshift.backfill.Pace.AUTO,
                io.pgshift.backfill.Pace.FIXED, io.pgshift.backfill.Pace.FIXED),
                p.backfill().stream().map(b -> b.batch().pace()).toList());
        assertEquals(io.pgshift.backfill.Pace.FIXED, defaults().batch().pace(),
                "a target whose defaults give pause_ms paces its runs fixed");
    }

    @Test
    void autoPaceWithExplicitTimingOrAnUnknownPaceIsRefusedWithTheFix() {
        PlaybookInvalidException e = assertThrows(PlaybookInvalidException.class, () -> new PlaybookParser().parse(
                "p.yaml", "name: x\nbackfill:\n  - table: a\n    set: {x: \"1\"}\n    batch: {pace: auto, pause_ms: 5}\n"
                        + "  - table: b\n    set: {x: \"1\"}\n    batch: {pace: slow}\n"));
        assertTrue(e.getMessage().contains("pace: auto sets target_ms and pause_ms itself; remove them, or write pace:"
                + " fixed to keep them"), e.getMessage());
        assertTrue(e.getMessage().contains("expected auto (paced by the database's activity) or fixed"), e.getMessage());
    }

    @Test
    void builtInDefaultsParseAPlaybookAsBefore() {
        assertEquals(new PlaybookParser().parse("p.yaml", PLAYBOOK),
                new PlaybookParser(PlaybookDefaults.BUILT_IN).parse("p.yaml", PLAYBOOK));
    }

    @Test
    void badValuesAreRefusedWithTheirPathsAsInAPlaybook() {
        PlaybookInvalidException e = assertThrows(PlaybookInvalidException.class, () -> new DefaultsParser().parse("d",
                "{\"lock_timeout\": \"2 minutes\", \"batch\": {\"size\": 0}, \"lock_timeot\": \"1s\"}"));
        String paths = e.problems().stream().map(PlaybookProblem::path).sorted().collect(Collectors.joining(","));
        assertEquals("batch.size,lock_timeot,lock_timeout", paths, e.getMessage());
        assertTrue(e.getMessage().contains("did you mean 'lock_timeout'"), e.getMessage());
    }
}
