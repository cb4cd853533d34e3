package io.pgshift.engine;

import static io.pgshift.engine.EngineFixture.apply;
import static io.pgshift.engine.EngineFixture.assertExitCode;
import static io.pgshift.engine.EngineFixture.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.cli.Cli;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** apply and the run commands refuse bad input with the documented exit code, a clear line, and nothing changed. */
@ExtendWith(PgDatabaseExtension.class)
class BadInputIT {
    @TempDir
    Path tmp;

    @Test
    void unknownTableIsRejectedBeforeAnyRunOrChange(TestDatabase db) {
        EngineFixture.createUsersLike(db, "known", 100);
        String before = schemaFingerprint(db);
        Path file = EngineFixture.write(tmp, "ghost.yaml", "name: ghost\n"
                + "expand:\n  - add_column: {table: ghosts, column: x, type: text}\n");

        Cli.Result result = apply(db, file);

        assertExitCode(5, result);
        assertTrue(result.err().contains("ghosts"), result.err());
        assertEquals(0, EngineFixture.hasRunTable(db)
                ? db.queryLong("SELECT count(*) FROM pgshift.run WHERE playbook_name = 'ghost'") : 0, "no run was created");
        assertEquals(before, schemaFingerprint(db), "the application's schema is unchanged");
    }

    @Test
    void changedPlaybookUnderANameThatRanIsRefusedWithBothChecksums(TestDatabase db) {
        EngineFixture.createUsersLike(db, "changed", 100);
        Path file = EngineFixture.write(tmp, "changed.yaml", "name: changed\ndescription: first\n"
                + "expand:\n  - add_column: {table: changed, column: x, type: text}\n");
        assertExitCode(0, apply(db, file));
        long runId = EngineFixture.runId(db, "changed");
        String stored = ((String) db.queryValue("SELECT checksum FROM pgshift.run WHERE id = " + runId)).substring(0, 12);
        EngineFixture.write(tmp, "changed.yaml", "name: changed\ndescription: second\n"
                + "expand:\n  - add_column: {table: changed, column: x, type: text}\n");

        Cli.Result result = apply(db, file);

        assertExitCode(7, result);
        Matcher m = Pattern.compile("checksum ([0-9a-f]{12}), the run has ([0-9a-f]{12})").matcher(result.err());
        assertTrue(m.find(), result.err());
        assertEquals(stored, m.group(2));
        assertNotEquals(stored, m.group(1));
        assertTrue(result.firstErrorLine().contains("run " + runId), result.err());
        assertEquals(1, db.queryLong("SELECT count(*) FROM pgshift.run WHERE playbook_name = 'changed'"));
    }

    @Test
    void tableHeldByAFailedRunRefusesAnotherPlaybookNamingTheRun(TestDatabase db) {
        EngineFixture.createUsersLike(db, "held", 200);
        db.execute("UPDATE held SET email = 'user1@example.com' WHERE id = 2");
        assertExitCode(8, apply(db, EngineFixture.write(tmp, "held-unique.yaml", "name: held-unique\n"
                + "contract:\n  - add_unique: {table: held, columns: [email]}\n")));
        long failed = EngineFixture.runId(db, "held-unique");
        String before = schemaFingerprint(db);

        Cli.Result result = apply(db, EngineFixture.write(tmp, "held-other.yaml", "name: held-other\n"
                + "expand:\n  - add_column: {table: held, column: y, type: text}\n"));

        assertExitCode(7, result);
        assertTrue(result.firstErrorLine().contains("run " + failed) && result.firstErrorLine().contains("held-unique"),
                result.err());
        assertEquals(0, db.queryLong("SELECT count(*) FROM pgshift.run WHERE playbook_name = 'held-other'"));
        assertEquals(before, schemaFingerprint(db));
    }

    @Test
    void malformedPlaybookIsInvalid(TestDatabase db) {
        Cli.Result result = apply(db, EngineFixture.write(tmp, "bad.yaml", "name: bad\n"
                + "expand:\n  - add_column: {table: t, colum: x, type: text}\n"));
        assertExitCode(3, result);
        assertTrue(result.firstErrorLine().contains("colum"), result.err());
    }

    @Test
    void controlCommandsOnAnUnknownRunSayThereIsNoSuchRun(TestDatabase db) throws Exception {
        // pgshift's state exists (whichever test of this class runs first): the run, not the state, is missing
        try (java.sql.Connection c = db.connect()) {
            io.pgshift.run.StateSchema.migrate(c);
        }
        for (String command : new String[] {"pause", "resume", "cancel", "rollback", "status"}) {
            Cli.Result result = cli(db, command, "424242");
            assertNotEquals(0, result.exitCode(), command + ": " + result.out());
            assertTrue(result.firstErrorLine().contains("there is no run 424242"), command + ": " + result.err());
        }
    }

    /** Tables, columns, constraints, indexes and triggers of the public schema. */
    private static String schemaFingerprint(TestDatabase db) {
        return (String) db.queryValue("SELECT md5(coalesce((SELECT string_agg(table_name || '.' || column_name || ' '"
                + " || data_type || ' ' || is_nullable, ',' ORDER BY table_name, column_name) FROM information_schema.columns"
                + " WHERE table_schema = 'public'), '') || coalesce((SELECT string_agg(conname, ',' ORDER BY conname)"
                + " FROM pg_constraint WHERE connamespace = 'public'::regnamespace), '') || coalesce((SELECT"
                + " string_agg(indexname, ',' ORDER BY indexname) FROM pg_indexes WHERE schemaname = 'public'), '')"
                + " || coalesce((SELECT string_agg(tgname, ',' ORDER BY tgname) FROM pg_trigger WHERE NOT tgisinternal), ''))");
    }
}
