package io.pgshift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code plan --format sql} is read and run by people with psql. A playbook whose free text
 * (descriptions, string literals inside expressions) carries line breaks followed by
 * {@code \!} shell commands and SQL must give a script that, piped through psql with
 * ON_ERROR_STOP off, runs nothing but the plan's own statements: no file appears, and the
 * scratch database holds exactly what the plan creates.
 */
@ExtendWith(PgDatabaseExtension.class)
class PlanScriptInertIT {
    /** Every way to end a line: psql splits on LF, PostgreSQL's and psql's lexers end a -- comment at CR too. */
    private static final List<String> BREAKS = List.of("\n", "\r", "\r\n", "\u2028", "\u0085");

    private static TestDatabase db;
    @TempDir
    Path dir;
    private final String marker = "/tmp/pwned-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void createTable(TestDatabase database) {
        db = database;
        db.execute("CREATE TABLE items (id bigint PRIMARY KEY, n int)");
        db.execute("INSERT INTO items SELECT g, g FROM generate_series(1, 50) g");
    }

    @AfterEach
    void removeTraps() throws Exception {
        for (Path trap : created()) {
            Files.deleteIfExists(trap);
        }
    }

    /**
     * Files under /tmp named with this test's marker. Listed rather than looked up: a command
     * ended by a CR creates a name with the CR in it.
     */
    private List<Path> created() throws Exception {
        String prefix = Path.of(marker).getFileName().toString();
        try (var files = Files.list(Path.of(marker).getParent())) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix)).toList();
        }
    }

    /** Text that, once on a line of its own, runs a shell command creating a file, then creates a table. */
    private String hostile(String field) {
        StringBuilder s = new StringBuilder("x");
        for (int i = 0; i < BREAKS.size(); i++) {
            Path trap = Path.of(marker + "-" + field + "-" + i);
            s.append(BREAKS.get(i)).append("\\! touch ").append(trap).append(BREAKS.get(i))
                    .append("CREATE TABLE pwned_").append(field.replace('-', '_')).append(i).append(" (x int);");
        }
        return s.toString();
    }

    /** A string literal holding the hostile text: still one expression, so the parser lets it through. */
    private String literal(String field) {
        return "'" + hostile(field).replace("'", "''") + "'";
    }

    @Test
    void hostileFreeTextInThePlaybookRunsNothingUnderPsql() throws Exception {
        Map<String, Object> playbook = new LinkedHashMap<>();
        playbook.put("name", "inert");
        playbook.put("description", hostile("description"));
        playbook.put("expand", List.of(Map.of("add_column",
                Map.of("table", "items", "column", "note", "type", "text", "default", literal("default")))));
        playbook.put("backfill", List.of(Map.of("table", "items",
                "set", Map.of("note", "coalesce(note, " + literal("set") + ")"),
                "where", "n <> length(" + literal("where") + ")")));
        playbook.put("contract", List.of(
                Map.of("add_check", Map.of("table", "items", "name", "items_note_check",
                        "check", "note IS NOT NULL OR n > length(" + literal("check") + ")")),
                Map.of("verify", Map.of("table", "items", "where", "note = " + literal("verify-where"), "expect", 0,
                        "description", hostile("verify-description")))));
        Path file = dir.resolve("inert.yaml");
        Files.writeString(file, new ObjectMapper().writeValueAsString(playbook)); // JSON is YAML

        var plan = Cli.run("plan", file.toString(), "--database-url", db.jdbcUrlForChild(), "--format", "sql");
        assertEquals(0, plan.exitCode(), plan.err());
        String script = plan.out();
        assertTrue(script.contains("\\! touch " + marker), "the hostile text must reach the script:\n" + script);

        var psql = Psql.pipe(db.libpqUri(), script, "-v", "ON_ERROR_STOP=0");
        assertEquals(0, psql.exitCode(), psql.output());
        assertEquals(List.of(), created(), "a line of the script ran as a psql command\n" + psql.output());
        assertEquals("items", db.queryValue("SELECT string_agg(relname::text, ',' ORDER BY relname) FROM pg_class"
                + " WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p', 'v', 'm')"));
        assertEquals("id,n,note", db.queryValue("SELECT string_agg(attname::text, ',' ORDER BY attnum) FROM pg_attribute"
                + " WHERE attrelid = 'items'::regclass AND attnum > 0 AND NOT attisdropped"));
        assertEquals("items_note_check,items_pkey", db.queryValue("SELECT string_agg(conname::text, ',' ORDER BY conname)"
                + " FROM pg_constraint WHERE conrelid = 'items'::regclass"));
        assertEquals(0L, db.queryLong("SELECT count(*) FROM items WHERE note IS NULL"), "the backfill ran");
    }

    /** The check above would see an injected line: psql does run a command that follows a comment's line break. */
    @Test
    void psqlRunsAShellCommandAfterACommentsLineBreak() throws Exception {
        Path trap = Path.of(marker + "-control");
        var psql = Psql.pipe(db.libpqUri(), "-- comment\r\\! touch " + trap + "\nSELECT 1;\n", "-v", "ON_ERROR_STOP=0");
        assertEquals(0, psql.exitCode(), psql.output());
        assertTrue(Files.exists(trap), psql.output());
    }
}
