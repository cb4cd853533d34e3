package io.pgshift.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.cli.Cli;
import io.pgshift.gate.SlowGate;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C (SIGINT), or SIGTERM, of a real {@code pgshift apply} process pauses the run at a safe point: the
 * backfill's partitions stop at a batch boundary, the gate after the chunk it counts, and the run is
 * PAUSED; applying again resumes from the checkpoints (the gate's cursors) and ends with exact data.
 */
@ExtendWith(PgDatabaseExtension.class)
class CtrlCPausesIT {
    private static final String PLAYBOOK = """
            name: slow-locale
            expand:
              - add_column: {table: users, column: locale, type: text}
            backfill:
              - table: users
                set: {locale: "'en-' || role"}
                keep_in_sync: true
                batch: {size: 200, min_size: 100, max_size: 200, target_ms: 50, pause_ms: 100}
            contract:
              - set_not_null: {table: users, column: locale}
            """;

    @TempDir
    Path dir;

    /** SIGTERM (a service manager stopping the process, a closed terminal) behaves as Ctrl-C does. */
    @ParameterizedTest
    @ValueSource(strings = {"INT", "TERM"})
    void ctrlCPausesAtABatchBoundaryAndApplyingAgainFinishes(String signal, TestDatabase db) throws Exception {
        // one database per class: each signal starts from no schema at all
        db.execute("DROP SCHEMA IF EXISTS pgshift CASCADE; DROP TABLE IF EXISTS grades, users CASCADE");
        db.executeFile("scripts/sql/lms-schema.sql", Map.of());
        db.executeFile("scripts/sql/lms-data.sql", Map.of("rows", "20000"));
        Path playbook = dir.resolve("slow-locale.yaml");
        Files.writeString(playbook, PLAYBOOK);

        Process apply = start(db, playbook);
        try {
            waitFor(() -> db.queryLong("SELECT coalesce(sum(rows_scanned), 0) FROM pgshift.backfill_partition") > 2000,
                    60, "the backfill to make progress");
            new ProcessBuilder("kill", "-" + signal, Long.toString(apply.pid())).start().waitFor();
            assertTrue(apply.waitFor(40, TimeUnit.SECONDS), "apply should stop after SIG" + signal + ":\n" + log());
        } finally {
            apply.destroyForcibly();
        }
        assertEquals("PAUSED", db.queryValue("SELECT state FROM pgshift.run"), log());
        assertEquals(0, db.queryLong("SELECT count(*) FROM pgshift.backfill_partition WHERE state = 'RUNNING'"),
                "partitions stopped at a batch boundary");
        long scanned = db.queryLong("SELECT sum(rows_scanned) FROM pgshift.backfill_partition");
        Thread.sleep(1500);
        assertEquals(scanned, db.queryLong("SELECT sum(rows_scanned) FROM pgshift.backfill_partition"), "nothing runs while paused");
        assertTrue(scanned < 20000, "paused before the end (" + scanned + " rows)");

        var again = Cli.run("apply", playbook.toString(), "--database-url", db.jdbcUrlForChild());
        assertEquals(0, again.exitCode(), again.out() + again.err());
        assertEquals(0, db.queryLong("SELECT count(*) FROM users WHERE locale IS DISTINCT FROM 'en-' || role"));
        assertEquals(1, db.queryLong("SELECT count(*) FROM pgshift.audit_log WHERE action = 'PAUSED' AND actor LIKE '%Ctrl-C%'"));
    }

    /** Inside the gate, Ctrl-C pauses the run after the chunk being counted, not at the end of the table. */
    @Test
    void ctrlCInsideTheGatePausesAfterAChunkAndApplyingAgainFinishes(TestDatabase db) throws Exception {
        db.execute("DROP SCHEMA IF EXISTS pgshift CASCADE; DROP TABLE IF EXISTS grades, users CASCADE");
        db.executeFile("scripts/sql/lms-schema.sql", Map.of());
        db.executeFile("scripts/sql/lms-data.sql", Map.of("rows", "20000"));
        Path playbook = dir.resolve("gated-locale.yaml");
        Files.writeString(playbook, PLAYBOOK.replace("slow-locale", "gated-locale")
                .replace("size: 200, min_size: 100, max_size: 200, target_ms: 50, pause_ms: 100", "size: 5000, pause_ms: 0")
                + SlowGate.verifyStep(db, "users"));

        Process apply = start(db, playbook);
        try {
            waitFor(() -> db.queryLong("SELECT count(*) FROM pgshift.run WHERE state = 'VERIFYING'"
                    + " AND gate_report -> 'cursors' <> '{}'::jsonb") > 0, 60, "the gate to have counted a chunk");
            new ProcessBuilder("kill", "-INT", Long.toString(apply.pid())).start().waitFor();
            assertTrue(apply.waitFor(40, TimeUnit.SECONDS), "apply should stop after SIGINT:\n" + log());
        } finally {
            apply.destroyForcibly();
        }
        assertEquals("PAUSED", db.queryValue("SELECT state FROM pgshift.run"), log());
        assertEquals(0, db.queryLong("SELECT count(*) FROM pgshift.audit_log WHERE action = 'GATE_PASSED'"),
                "stopped inside the gate:\n" + log());

        var again = Cli.run("apply", playbook.toString(), "--database-url", db.jdbcUrlForChild());
        assertEquals(0, again.exitCode(), again.out() + again.err());
        assertEquals(1, db.queryLong("SELECT count(*) FROM pg_attribute WHERE attrelid = 'users'::regclass"
                + " AND attname = 'locale' AND attnotnull"));
    }

    private Process start(TestDatabase db, Path playbook) throws java.io.IOException {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        // env restores the signals' default action: a shell that starts a build in the background makes
        // it ignore SIGINT, which children inherit, and a JVM does not catch a signal ignored at its start
        return new ProcessBuilder(List.of("env", "--default-signal=INT,TERM", java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "io.pgshift.cli.Main", "apply", playbook.toString(), "--database-url", db.jdbcUrlForChild()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("apply.log").toFile()).start();
    }

    /** False while the condition cannot be evaluated yet (pgshift's schema is created by the child). */
    private static boolean holds(java.util.function.BooleanSupplier condition) {
        try {
            return condition.getAsBoolean();
        } catch (IllegalStateException notYet) {
            return false;
        }
    }

    private String log() throws Exception {
        return Files.readString(dir.resolve("apply.log"));
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, int seconds, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!holds(condition)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }
}
