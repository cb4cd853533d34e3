package io.pgshift.operation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.cli.Cli;
import io.pgshift.plan.Phase;
import io.pgshift.playbook.Playbook;
import io.pgshift.playbook.parse.PlaybookParser;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every registered operation through the same journey on real PostgreSQL, while the old
 * application writes to its tables: for a contract operation, data it cannot hold makes the
 * gate refuse with samples and nothing is locked, and rolling that back restores the catalog;
 * then plan → apply → the same steps under another name (each found present and skipped) →
 * rollback with --drop-data → the catalog exactly as before. Not one of the writer's
 * statements may fail.
 */
@ExtendWith(PgDatabaseExtension.class)
class OperationLifecycleIT {
    private static TestDatabase db;
    @TempDir
    static Path tmp;

    @BeforeAll
    static void database(TestDatabase database) {
        db = database;
    }

    @TestFactory
    Stream<DynamicTest> everyOperationGoesThroughTheSameJourney() {
        return OperationRegistry.ALL.stream().map(type -> DynamicTest.dynamicTest(type.key(), () -> journey(type)));
    }

    private static void journey(OperationType<?> type) throws Exception {
        LifecycleCases c = LifecycleCases.BY_KEY.get(type.key());
        assertNotNull(c, "no lifecycle case for " + type.key());
        db.execute(c.fixture());
        String before = catalog(c.prefix());
        String name = "lc-" + type.key().replace('_', '-');
        Path playbook = write(name, c.steps());
        try (Writer writer = Writer.start(c.writes())) {
            writer.awaitWrites(20);
            if (c.violation() != null) {
                gateRefuses(type, c, name, playbook, before);
            }
            Cli.Result plan = cli("plan", playbook.toString());
            assertEquals(0, plan.exitCode(), plan.err());

            Cli.Result apply = cli("apply", playbook.toString(), "--actor", "lifecycle");
            assertEquals(0, apply.exitCode(), apply.out() + apply.err());
            long runId = runId(name);

            Path again = write(name + "-again", c.steps());
            Cli.Result second = cli("apply", again.toString(), "--actor", "lifecycle");
            assertEquals(0, second.exitCode(), second.out() + second.err());
            if (c.present()) {
                // a step with no statement of its own (verify: the gate runs it) runs again; any other is found present
                assertEquals(runsNoStatement(playbook) ? "SUCCEEDED" : "SKIPPED", db.queryValue("SELECT string_agg(DISTINCT state, ',') FROM pgshift.step WHERE run_id = "
                        + runId(name + "-again") + " AND kind = '" + type.kind() + "'"), "applied again, the step is found present");
            }

            Cli.Result rollback = cli("rollback", Long.toString(runId), "--drop-data", "--actor", "lifecycle");
            assertEquals(0, rollback.exitCode(), rollback.out() + rollback.err());
            if (c.undoable()) {
                assertEquals(before, catalog(c.prefix()), "rolled back with --drop-data, the catalog is as before");
            } else {
                assertTrue(rollback.out().contains("not undone"), rollback.out());
            }
            writer.awaitWrites(20);
            writer.close();
            assertEquals(List.of(), writer.errors(), "the old application's statements never failed");
        }
    }

    /**
     * Data the step cannot hold: the gate refuses with samples, nothing is locked (for a contract
     * operation nothing changed; an expand one has done its expand), rollback restores the catalog.
     */
    private static void gateRefuses(OperationType<?> type, LifecycleCases c, String name, Path playbook, String before) {
        db.execute(c.violation());
        Cli.Result refused = cli("apply", playbook.toString(), "--actor", "lifecycle");
        assertEquals(8, refused.exitCode(), refused.out() + refused.err());
        long runId = runId(name);
        String error = (String) db.queryValue("SELECT error FROM pgshift.run WHERE id = " + runId);
        assertTrue(error.startsWith("gate failed: ") && error.contains("e.g."), "the gate names samples: " + error);
        assertEquals("PENDING", db.queryValue("SELECT string_agg(DISTINCT state, ',') FROM pgshift.step WHERE run_id = "
                + runId + " AND phase = 'CONTRACT' AND kind <> 'GATE'"), "no contract statement ran");
        if (type.phase() == Phase.CONTRACT) {
            assertEquals(before, catalog(c.prefix()), "nothing was locked or changed");
        }
        Cli.Result rollback = cli("rollback", Long.toString(runId), "--drop-data", "--actor", "lifecycle");
        assertEquals(0, rollback.exitCode(), rollback.out() + rollback.err());
        assertEquals(before, catalog(c.prefix()));
        // the data is fixed: the rows the violation touched get valid values again
        db.execute(c.fixture().contains("lc_fk_parent") ? "UPDATE lc_fk_child SET score = 1 + id % 100"
                : "UPDATE " + c.prefix() + " SET label = 'label-' || id, score = id % 101 WHERE id <= " + LifecycleCases.ROWS);
    }

    private static boolean runsNoStatement(Path playbook) throws IOException {
        Playbook parsed = new PlaybookParser().parse(playbook.toString(), Files.readString(playbook));
        return OperationRegistry.steps(parsed).stream().allMatch(s -> OperationRegistry.operation(s.step()).apply().isEmpty());
    }

    /**
     * Columns, constraints, indexes, triggers, the labels of enum types and pgshift's sequences and
     * functions of the case's relations and types.
     */
    static String catalog(String prefix) {
        String like = "'" + prefix + "%'";
        return (String) db.queryValue("SELECT string_agg(line, E'\\n' ORDER BY line) FROM ("
                + "SELECT 'relation ' || relname || ' ' || relkind::text AS line FROM pg_class"
                + "  WHERE relnamespace = 'public'::regnamespace AND (relname LIKE " + like + " OR relname LIKE 'pgshift%')"
                + " UNION ALL SELECT 'column ' || c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)"
                + "  || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END"
                + "  || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '')"
                + "  FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
                + "  LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
                + "  WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' AND c.relname LIKE " + like
                + "  AND a.attnum > 0 AND NOT a.attisdropped"
                + " UNION ALL SELECT 'constraint ' || conname || ' ' || pg_get_constraintdef(oid) || ' ' || convalidated"
                + "  FROM pg_constraint WHERE conrelid IN (SELECT oid FROM pg_class WHERE relname LIKE " + like + ")"
                + " UNION ALL SELECT 'index ' || pg_get_indexdef(indexrelid) || ' ' || indisvalid FROM pg_index"
                + "  WHERE indrelid IN (SELECT oid FROM pg_class WHERE relname LIKE " + like + ")"
                + " UNION ALL SELECT 'trigger ' || tgname FROM pg_trigger WHERE NOT tgisinternal"
                + "  AND tgrelid IN (SELECT oid FROM pg_class WHERE relname LIKE " + like + ")"
                + " UNION ALL SELECT 'function ' || proname FROM pg_proc WHERE proname LIKE 'pgshift%'"
                + " UNION ALL SELECT 'enum ' || t.typname || ' ' || string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder)"
                + "  FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid"
                + "  WHERE t.typnamespace = 'public'::regnamespace AND t.typname LIKE " + like + " GROUP BY t.typname"
                + ") lines");
    }

    private static Path write(String name, String steps) throws IOException {
        return Files.writeString(tmp.resolve(name + ".yaml"), "name: " + name + "\n"
                + "settings:\n  lock_timeout: 500ms\n"
                + "  lock_retries: {max_attempts: 100, initial_backoff: 50ms, max_backoff: 500ms}\n" + steps);
    }

    private static Cli.Result cli(String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--database-url";
        all[args.length + 1] = db.jdbcUrlForChild();
        return Cli.run(all);
    }

    private static long runId(String playbook) {
        return db.queryLong("SELECT max(id) FROM pgshift.run WHERE playbook_name = '" + playbook + "'");
    }

    /** The old application on two connections: each loop runs one of the case's writes with fresh numbers. */
    private static final class Writer implements AutoCloseable {
        private static final AtomicLong NUMBERS = new AtomicLong(5_000_000);
        private final AtomicBoolean stop = new AtomicBoolean();
        private final AtomicLong done = new AtomicLong();
        private final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        private final List<Thread> threads = new ArrayList<>();

        static Writer start(List<String> writes) {
            Writer w = new Writer();
            for (int i = 0; i < 2; i++) {
                Thread t = new Thread(() -> w.loop(writes), "old-app-" + i);
                t.setDaemon(true);
                w.threads.add(t);
                t.start();
            }
            return w;
        }

        private void loop(List<String> writes) {
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (!stop.get()) {
                    String sql = writes.get(random.nextInt(writes.size()))
                            .replace(":n", Long.toString(NUMBERS.incrementAndGet()))
                            .replace(":id", Integer.toString(1 + random.nextInt(LifecycleCases.ROWS)));
                    try {
                        s.execute(sql);
                        done.incrementAndGet();
                    } catch (SQLException e) {
                        errors.add(e.getSQLState() + ": " + e.getMessage().split("\n", 2)[0] + " in " + sql);
                    }
                    Thread.sleep(5);
                }
            } catch (SQLException e) {
                errors.add("connection: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void awaitWrites(long more) throws InterruptedException {
            long target = done.get() + more;
            for (int i = 0; i < 3000 && done.get() < target; i++) {
                Thread.sleep(10);
            }
        }

        List<String> errors() {
            return List.copyOf(errors);
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            for (Thread t : threads) {
                t.join(10_000);
            }
        }
    }
}
