package io.pgshift.repair;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.cli.Cli;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pgshift repair NAME --accept-checksum} with single files: an applied playbook edited on
 * purpose is refused by apply (exit 7) until its new checksum is accepted, then reported as
 * applied; every refusal changes nothing and leaves no audit row.
 */
@ExtendWith(PgDatabaseExtension.class)
class ChecksumRepairIT {
    private static final String PLAYBOOK = "name: repair-notes\nexpand:\n  - add_column: {table: repair_items, column: notes,"
            + " type: text}\n";

    @TempDir
    Path dir;

    @Test
    void anAcceptedEditCountsAsAppliedAndIsAudited(TestDatabase db) throws IOException {
        db.execute("CREATE TABLE repair_items (id bigint PRIMARY KEY)");
        Path file = Files.writeString(dir.resolve("notes.yaml"), PLAYBOOK);
        assertExit(0, cli(db, "apply", file.toString()));
        Files.writeString(file, "# notes for the support team\n" + PLAYBOOK);
        Cli.Result changed = cli(db, "apply", file.toString());
        assertExit(7, changed);
        assertTrue(changed.firstErrorLine().contains("pgshift repair repair-notes --accept-checksum"), changed.err());

        Cli.Result noReason = cli(db, "repair", "repair-notes", "--accept-checksum", "--reason", " ", "--playbook",
                file.toString());
        Cli.Result otherName = cli(db, "repair", "other-name", "--accept-checksum", "--reason", "r", "--playbook",
                file.toString());
        assertExit(2, noReason);
        assertExit(2, otherName);
        assertTrue(otherName.firstErrorLine().contains("is playbook 'repair-notes', not 'other-name'"), otherName.err());
        assertEquals(0L, db.queryLong("SELECT count(*) FROM pgshift.audit_log WHERE action = 'CHECKSUM_ACCEPTED'"));
        assertEquals(null, db.queryValue("SELECT accepted_checksum FROM pgshift.run WHERE playbook_name = 'repair-notes'"));

        Cli.Result repaired = cli(db, "repair", "repair-notes", "--accept-checksum", "--reason", "a comment",
                "--playbook", file.toString(), "--actor", "dba", "--output", "json");

        assertExit(0, repaired);
        com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(repaired.out());
        assertEquals(db.queryValue("SELECT accepted_checksum FROM pgshift.run WHERE playbook_name = 'repair-notes'"),
                json.at("/accepted_checksum").asText(), repaired.out());
        assertEquals("repair-notes", json.at("/playbook").asText());
        assertEquals(1L, db.queryLong("SELECT count(*) FROM pgshift.audit_log WHERE action = 'CHECKSUM_ACCEPTED'"
                + " AND actor = 'dba' AND details->>'reason' = 'a comment'"));
        Cli.Result again = cli(db, "apply", file.toString());
        assertExit(0, again);
        assertTrue(again.out().contains("is already applied"), again.out());
        assertEquals(1L, db.queryLong("SELECT count(*) FROM pgshift.run WHERE playbook_name = 'repair-notes'"));
    }

    @Test
    void aNameWithoutAnAppliedRunIsRefused(TestDatabase db) throws Exception {
        // pgshift's state exists (whichever test of this class runs first): the applied run, not the state, is missing
        try (java.sql.Connection c = db.connect()) {
            io.pgshift.run.StateSchema.migrate(c);
        }
        Path file = Files.writeString(dir.resolve("never.yaml"), "name: repair-never\nexpand:\n"
                + "  - add_column: {table: repair_never, column: notes, type: text}\n");

        Cli.Result refused = cli(db, "repair", "repair-never", "--accept-checksum", "--reason", "r", "--playbook",
                file.toString());

        assertExit(2, refused);
        assertTrue(refused.firstErrorLine().contains("has no applied run to repair"), refused.err());
    }

    private static Cli.Result cli(TestDatabase db, String... args) {
        String[] all = Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--database-url";
        all[args.length + 1] = db.jdbcUrlForChild();
        return Cli.run(all);
    }

    private static void assertExit(int expected, Cli.Result result) {
        assertEquals(expected, result.exitCode(), "exit code; stdout:\n" + result.out() + "\nstderr:\n" + result.err());
    }
}
