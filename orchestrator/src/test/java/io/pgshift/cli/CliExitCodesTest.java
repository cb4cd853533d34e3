package io.pgshift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes and first error lines of the commands that need no database. */
class CliExitCodesTest {
    @TempDir
    Path dir;

    private Path write(String name, String yaml) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void invalidPlaybookExitsThreeNamingLineColumnAndPath() throws Exception {
        Path file = write("bad.yaml", "name: bad\nexpand:\n  - add_column: {table: users, colum: x, type: text}\n");
        var result = Cli.run("lint", file.toString());
        assertEquals(3, result.exitCode());
        assertTrue(result.firstErrorLine().startsWith("pgshift: " + file + ":3:"), result.err());
        assertTrue(result.firstErrorLine().contains("expand[0].add_column"), result.err());
        assertTrue(result.firstErrorLine().contains("did you mean 'column'"), result.err());
    }

    @Test
    void multiStatementDefaultIsRefusedByLintAndPlanWithItsPath() throws Exception {
        Path file = write("default.yaml", "name: d\nexpand:\n  - add_column: {table: users, column: n, type: int,"
                + " default: \"0; LOCK TABLE users IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(600)\"}\n");
        for (var result : new Cli.Result[] {Cli.run("lint", file.toString()),
                Cli.run("plan", file.toString(), "--database-url", "jdbc:postgresql://127.0.0.1:1/none?user=x")}) {
            assertEquals(3, result.exitCode(), result.err());
            assertTrue(result.firstErrorLine().startsWith("pgshift: " + file + ":3:"), result.err());
            assertTrue(result.firstErrorLine().contains("expand[0].add_column.default"), result.err());
            assertTrue(result.firstErrorLine().contains("one SQL expression"), result.err());
        }
    }

    @Test
    void lintErrorExitsFourWithRuleAndHint() throws Exception {
        Path file = write("nn.yaml", "name: nn\nexpand:\n  - add_column: {table: users, column: x, type: text, not_null: true}\n");
        var result = Cli.run("lint", file.toString());
        assertEquals(4, result.exitCode());
        assertTrue(result.out().contains("[expand-not-null-column]"), result.out());
        assertTrue(result.out().contains("hint:"), result.out());
    }

    @Test
    void planRefusesALintErrorBeforeConnecting() throws Exception {
        Path file = write("nn.yaml", "name: nn\nexpand:\n  - add_column: {table: users, column: x, type: text, not_null: true}\n");
        // an unreachable address: reaching it would fail with exit 6, lint must stop first
        var result = Cli.run("plan", file.toString(), "--database-url", "jdbc:postgresql://127.0.0.1:1/none");
        assertEquals(4, result.exitCode(), result.err());
    }

    @Test
    void planWithoutDatabaseIsAUsageError() throws Exception {
        Path file = write("ok.yaml", "name: ok\nexpand:\n  - add_column: {table: users, column: x, type: text}\n");
        var result = Cli.run("plan", file.toString(), "--database-url", "mysql://nowhere/db");
        assertEquals(2, result.exitCode());
        assertTrue(result.firstErrorLine().contains("jdbc:postgresql://"), result.err());
    }

    @Test
    void unreachableDatabaseExitsSix() throws Exception {
        Path file = write("ok.yaml", "name: ok\nexpand:\n  - add_column: {table: users, column: x, type: text}\n");
        var result = Cli.run("plan", file.toString(), "--database-url", "jdbc:postgresql://127.0.0.1:1/none?user=x");
        assertEquals(6, result.exitCode(), result.err());
        assertTrue(result.firstErrorLine().startsWith("pgshift: "), result.err());
    }

    @Test
    void unknownOptionIsAUsageError() {
        assertEquals(2, Cli.run("lint", "--no-such-option", "x.yaml").exitCode());
        assertEquals(2, Cli.run("frobnicate").exitCode());
    }

    @Test
    void missingFileIsAnInvalidPlaybook() {
        var result = Cli.run("lint", dir.resolve("absent.yaml").toString());
        assertEquals(3, result.exitCode());
    }
}
