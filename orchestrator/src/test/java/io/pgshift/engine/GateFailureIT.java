package io.pgshift.engine;

import static io.pgshift.engine.EngineFixture.assertExitCode;
import static io.pgshift.engine.EngineFixture.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.cli.Cli;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A contract that the data cannot satisfy fails at the gate: exit 8, the run FAILED in
 * VERIFYING with the counts and sample keys, and no constraint or index attempted (the contract
 * steps never left PENDING, so no constraint lock was requested).
 */
@ExtendWith(PgDatabaseExtension.class)
class GateFailureIT {
    @TempDir
    Path tmp;

    @Test
    void duplicatesFailTheGateBeforeAnyUniqueIndexIsBuilt(TestDatabase db) throws Exception {
        EngineFixture.createUsersLike(db, "dupes", 3000);
        db.execute("UPDATE dupes SET email = 'user3@example.com' WHERE id = 7;"
                + "UPDATE dupes SET email = 'user5@example.com' WHERE id = 11");
        String before = catalogOf(db, "dupes");
        Path file = EngineFixture.write(tmp, "dupes.yaml", "name: unique-dupes\n"
                + "contract:\n  - add_unique: {table: dupes, columns: [email], name: dupes_email_key}\n");

        Cli.Result result = EngineFixture.apply(db, file);

        assertExitCode(8, result);
        long runId = EngineFixture.runId(db, "unique-dupes");
        assertEquals("FAILED|VERIFYING", db.queryValue("SELECT state || '|' || phase FROM pgshift.run WHERE id = " + runId));
        String error = (String) db.queryValue("SELECT error FROM pgshift.run WHERE id = " + runId);
        // duplicates are counted in one pass over the table, without sample values (row checks name keys: below)
        assertTrue(error.startsWith("gate failed: 2 duplicate values of dupes (email)"), error);
        assertTrue(error.contains("no constraint was taken"), error);
        assertTrue(result.out().contains(error), "apply reports the gate's error:\n" + result.out());
        assertNothingAttempted(db, runId, "dupes", before);

        Cli.Result status = cli(db, "status", Long.toString(runId));
        assertExitCode(0, status);
        assertTrue(status.out().contains("FAILED") && status.out().contains(error), status.out());
    }

    @Test
    void nullsLeftOutsideTheBackfillFilterFailTheGateAfterBoundedRebackfills(TestDatabase db) throws Exception {
        EngineFixture.createUsersLike(db, "partial", 3000);
        Path file = EngineFixture.write(tmp, "partial.yaml", "name: partial-nickname\n"
                + "expand:\n  - add_column: {table: partial, column: nickname, type: text}\n"
                + "backfill:\n  - table: partial\n    set: {nickname: \"name\"}\n    where: \"role = 'student'\"\n"
                + "    keep_in_sync: true\n"
                + "contract:\n  - set_not_null: {table: partial, column: nickname}\n");

        Cli.Result result = EngineFixture.apply(db, file);

        assertExitCode(8, result);
        long runId = EngineFixture.runId(db, "partial-nickname");
        assertEquals("FAILED|VERIFYING", db.queryValue("SELECT state || '|' || phase FROM pgshift.run WHERE id = " + runId));
        String error = (String) db.queryValue("SELECT error FROM pgshift.run WHERE id = " + runId);
        long teachers = db.queryLong("SELECT count(*) FROM partial WHERE role = 'teacher'");
        assertTrue(error.startsWith("gate failed: " + teachers + " ") && error.contains("e.g. keys 20"), error);
        assertEquals(EngineSettings.DEFAULT.maxRebackfills(), db.queryLong("SELECT count(*) FROM pgshift.audit_log"
                + " WHERE run_id = " + runId + " AND action = 'PHASE_STARTED' AND details->>'reason' LIKE 'gate found%'"),
                "leftovers are re-backfilled a bounded number of times");
        assertEquals(EngineSettings.DEFAULT.maxRebackfills() + 1, EngineFixture.audited(db, runId, "GATE_FAILED"));
        assertEquals(false, db.queryValue("SELECT attnotnull FROM pg_attribute WHERE attrelid = 'partial'::regclass"
                + " AND attname = 'nickname'"));
        assertEquals(0, db.queryLong("SELECT count(*) FROM pg_constraint WHERE conrelid = 'partial'::regclass AND contype = 'c'"),
                "no NOT NULL check was added");
        assertEquals("PENDING", db.queryValue("SELECT string_agg(DISTINCT state, ',') FROM pgshift.step WHERE run_id = "
                + runId + " AND phase = 'CONTRACT' AND kind <> 'GATE'"));
        assertEquals(0, db.queryLong("SELECT count(*) FROM partial WHERE role = 'student' AND nickname IS DISTINCT FROM name"));
    }

    private static void assertNothingAttempted(TestDatabase db, long runId, String table, String catalogBefore) {
        assertEquals(catalogBefore, catalogOf(db, table), "no constraint or index was created");
        assertEquals(null, db.queryValue("SELECT to_regclass('dupes_email_key')"), "not even an INVALID index");
        assertEquals("PENDING", db.queryValue("SELECT string_agg(DISTINCT state, ',') FROM pgshift.step WHERE run_id = "
                + runId + " AND phase = 'CONTRACT' AND kind <> 'GATE'"), "no contract step started");
        assertEquals("FAILED", db.queryValue("SELECT state FROM pgshift.step WHERE run_id = " + runId + " AND kind = 'GATE'"));
        assertEquals(0, db.queryLong("SELECT count(*) FROM pgshift.audit_log WHERE run_id = " + runId
                + " AND action IN ('STATEMENT_EXECUTED', 'STATEMENT_RETRIED')"), "no DDL was sent");
        assertEquals(1, EngineFixture.audited(db, runId, "GATE_FAILED"));
    }

    /** The table's constraints and indexes. */
    static String catalogOf(TestDatabase db, String table) {
        return (String) db.queryValue("SELECT coalesce((SELECT string_agg(conname || ' ' || pg_get_constraintdef(oid), '; '"
                + " ORDER BY conname) FROM pg_constraint WHERE conrelid = '" + table + "'::regclass), '') || ' / '"
                + " || coalesce((SELECT string_agg(indexrelid::regclass::text, '; ' ORDER BY indexrelid::regclass::text)"
                + " FROM pg_index WHERE indrelid = '" + table + "'::regclass), '')");
    }
}
