package io.pgshift.engine;

import static io.pgshift.engine.EngineFixture.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.cli.Cli;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run commands pointed at a database pgshift never ran in (a wrong --database-url) refuse with
 * one line and leave no pgshift schema behind; {@code status DIR} shows every file pending. This class's database stays without pgshift's state:
 * no test here may apply anything.
 */
@ExtendWith(PgDatabaseExtension.class)
class NeverRanIT {
    @Test
    void runCommandsRefuseAndCreateNothing(TestDatabase db) {
        for (String[] command : new String[][] {{"history"}, {"status", "1"}, {"audit"}, {"audit", "verify"},
                {"pause", "1"}, {"resume", "1"}, {"cancel", "1"}, {"rollback", "1"}, {"complete", "1"}}) {
            Cli.Result result = cli(db, command);
            String shown = String.join(" ", command) + ": " + result.out() + result.err();
            assertEquals(2, result.exitCode(), shown);
            assertTrue(result.firstErrorLine().contains("pgshift has not run in " + db.name()), shown);
        }
        assertEquals(0L, db.queryLong("SELECT count(*) FROM pg_namespace WHERE nspname = 'pgshift'"),
                "a command pointed at a database pgshift never ran in must leave no pgshift schema there");
    }

    @Test
    void statusOfADirectoryShowsEveryFilePendingAndCreatesNothing(TestDatabase db, @TempDir Path dir)
            throws Exception {
        Files.writeString(dir.resolve("001-first.yaml"),
                "name: first\nexpand:\n  - add_column: {table: t1, column: c, type: text}\n");
        Files.writeString(dir.resolve("002-second.yaml"),
                "name: second\nexpand:\n  - add_column: {table: t2, column: c, type: text}\n");

        Cli.Result result = cli(db, "status", dir.toString());

        assertEquals(0, result.exitCode(), result.out() + result.err());
        assertTrue(result.out().contains("001-first.yaml") && result.out().contains("002-second.yaml"), result.out());
        assertEquals(2, result.out().lines().filter(l -> l.matches("\\w+ +\\S+\\.yaml +pending +- +-")).count(),
                result.out());
        assertTrue(result.out().contains(": 2 pending; next 001-first.yaml"), result.out());
        assertEquals(0L, db.queryLong("SELECT count(*) FROM pg_namespace WHERE nspname = 'pgshift'"),
                "status only reads: it must leave no pgshift schema behind");
    }
}
