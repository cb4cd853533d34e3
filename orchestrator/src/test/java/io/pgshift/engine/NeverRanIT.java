package io.pgshift.engine;

import static io.pgshift.engine.EngineFixture.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.cli.Cli;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The run commands pointed at a database pgshift never ran in (a wrong --database-url) refuse with
 * one line and leave no pgshift schema behind. This class's database stays without pgshift's state:
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
}
