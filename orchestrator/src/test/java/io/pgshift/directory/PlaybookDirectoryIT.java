package io.pgshift.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * {@code pgshift apply DIR}, {@code status DIR} and {@code repair NAME --accept-checksum} on real
 * PostgreSQL: a directory of small playbooks applied in file order, each refusal (edited, out of
 * order) stopping everything before anything runs, a failing playbook stopping the sequence.
 * Each test has its own table and playbook names, so they share the class's database.
 */
@ExtendWith(PgDatabaseExtension.class)
class PlaybookDirectoryIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void appliesEveryPlaybookInFileOrderThenOnlyTheOneAdded(TestDatabase db) throws IOException {
        db.execute("CREATE TABLE seq_items (id bigint PRIMARY KEY, name text)");
        write("001-a.yaml", addColumn("seq-a", "seq_items", "a"));
        write("002-b.yaml", addColumn("seq-b", "seq_items", "b"));
        write("003-c.yaml", addColumn("seq-c", "seq_items", "c"));

        Cli.Result first = cli(db, "apply", dir.toString());

        assertExit(0, first);
        assertTrue(runId(db, "seq-a") < runId(db, "seq-b") && runId(db, "seq-b") < runId(db, "seq-c"), "file order");
        assertEquals(3L, db.queryLong("SELECT count(*) FROM information_schema.columns WHERE table_name = 'seq_items'"
                + " AND column_name IN ('a', 'b', 'c')"));
        Cli.Result status = cli(db, "status", dir.toString());
        assertExit(0, status);
        assertEquals(3, count(status.out(), " applied "), status.out());
        assertTrue(status.out().contains("3 applied; up to date"), status.out());

        write("004-d.yaml", addColumn("seq-d", "seq_items", "d"));
        Cli.Result pending = cli(db, "status", dir.toString(), "--output", "json");
        JsonNode last = JSON.readTree(pending.out()).get(3);
        assertEquals("004-d.yaml pending true", last.get("file").asText() + " " + last.get("state").asText() + " "
                + last.get("run_id").isNull(), pending.out());
        long before = runId(db, "seq-c");

        Cli.Result second = cli(db, "apply", dir.toString());

        assertExit(0, second);
        assertEquals(3, count(second.out(), "skip "), second.out());
        assertEquals(1L, db.queryLong("SELECT count(*) FROM pgshift.run WHERE playbook_name LIKE 'seq-%' AND id > "
                + before), "only the new playbook ran");
        assertEquals("SUCCEEDED", db.queryValue("SELECT state FROM pgshift.run WHERE playbook_name = 'seq-d'"));
    }

    @Test
    void anEditedPlaybookStopsEverythingUntilItsChecksumIsAccepted(TestDatabase db) throws IOException {
        db.execute("CREATE TABLE edit_items (id bigint PRIMARY KEY)");
        write("001-a.yaml", addColumn("edit-a", "edit_items", "a"));
        write("002-b.yaml", addColumn("edit-b", "edit_items", "b"));
        assertExit(0, cli(db, "apply", dir.toString()));
        write("001-a.yaml", "# typo fixed in a comment\n" + addColumn("edit-a", "edit_items", "a"));
        write("003-c.yaml", addColumn("edit-c", "edit_items", "c"));

        Cli.Result refused = cli(db, "apply", dir.toString());

        assertExit(7, refused);
        assertTrue(refused.firstErrorLine().contains("001-a.yaml changed since run " + runId(db, "edit-a"))
                && refused.firstErrorLine().contains("pgshift repair edit-a --accept-checksum"), refused.err());
        assertEquals(0L, db.queryLong("SELECT count(*) FROM pgshift.run WHERE playbook_name = 'edit-c'"), "nothing applied");
        Cli.Result status = cli(db, "status", dir.toString());
        assertTrue(status.out().lines().anyMatch(l -> l.startsWith("edit-a ") && l.contains(" changed ")), status.out());

        assertExit(2, cli(db, "repair", "edit-a", "--accept-checksum", "--playbook", dir.toString()));
        Cli.Result repaired = cli(db, "repair", "edit-a", "--accept-checksum", "--reason", "comment only",
                "--playbook", dir.toString(), "--actor", "dba");

        assertExit(0, repaired);
        String audit = (String) db.queryValue("SELECT actor || ' ' || (details->>'reason') || ' ' || (details->>'old_checksum')"
                + " || ' ' || (details->>'new_checksum') FROM pgshift.audit_log WHERE action = 'CHECKSUM_ACCEPTED'"
                + " AND run_id = " + runId(db, "edit-a"));
        String original = (String) db.queryValue("SELECT checksum FROM pgshift.run WHERE playbook_name = 'edit-a'");
        String accepted = (String) db.queryValue("SELECT accepted_checksum FROM pgshift.run WHERE playbook_name = 'edit-a'");
        assertEquals("dba comment only " + original + " " + accepted, audit);
        Cli.Result again = cli(db, "repair", "edit-a", "--accept-checksum", "--reason", "twice", "--playbook",
                dir.resolve("001-a.yaml").toString());
        assertExit(7, again);
        assertTrue(again.firstErrorLine().contains("nothing to repair"), again.err());

        Cli.Result proceeds = cli(db, "apply", dir.toString());

        assertExit(0, proceeds);
        assertTrue(proceeds.out().contains("skip 001-a.yaml"), proceeds.out());
        assertEquals("SUCCEEDED", db.queryValue("SELECT state FROM pgshift.run WHERE playbook_name = 'edit-c'"));
        assertExit(0, cli(db, "apply", dir.resolve("001-a.yaml").toString()));
    }

    @Test
    void aFileSortingBeforeAnAppliedOneIsRefusedUnlessOutOfOrder(TestDatabase db) throws IOException {
        db.execute("CREATE TABLE order_items (id bigint PRIMARY KEY)");
        write("001-a.yaml", addColumn("order-a", "order_items", "a"));
        write("003-c.yaml", addColumn("order-c", "order_items", "c"));
        assertExit(0, cli(db, "apply", dir.toString()));
        write("002-b.yaml", addColumn("order-b", "order_items", "b"));

        Cli.Result refused = cli(db, "apply", dir.toString());

        assertExit(7, refused);
        assertTrue(refused.firstErrorLine().contains("002-b.yaml is pending but sorts before 003-c.yaml")
                && refused.firstErrorLine().contains("--out-of-order"), refused.err());
        assertEquals(0L, db.queryLong("SELECT count(*) FROM pgshift.run WHERE playbook_name = 'order-b'"));
        assertTrue(cli(db, "status", dir.toString()).out().contains("pending (out of order)"));

        Cli.Result accepted = cli(db, "apply", dir.toString(), "--out-of-order");

        assertExit(0, accepted);
        assertEquals("SUCCEEDED", db.queryValue("SELECT state FROM pgshift.run WHERE playbook_name = 'order-b'"));
    }

    @Test
    void aFailingPlaybookStopsTheSequenceWithItsExitCode(TestDatabase db) throws IOException {
        db.execute("CREATE TABLE fail_items (id bigint PRIMARY KEY, email text); INSERT INTO fail_items VALUES (1, 'x'), (2, 'x')");
        write("001-a.yaml", addColumn("fail-a", "fail_items", "a"));
        write("002-unique.yaml", "name: fail-unique\ncontract:\n  - add_unique: {table: fail_items, columns: [email],"
                + " name: fail_items_email_key}\n");
        write("003-c.yaml", addColumn("fail-c", "fail_items", "c"));

        Cli.Result result = cli(db, "apply", dir.toString(), "--output", "json");

        assertExit(8, result);
        assertTrue(result.err().contains("stopped at 002-unique.yaml (exit 8)"), result.err());
        JsonNode document = JSON.readTree(result.out());
        assertEquals(8, document.get("exit_code").asInt(), result.out());
        JsonNode applied = document.get("applied");
        assertEquals("001-a.yaml 0 SUCCEEDED | 002-unique.yaml 8 FAILED", applied.get(0).get("file").asText() + " "
                + applied.get(0).get("exit_code").asInt() + " " + applied.get(0).at("/result/run/state").asText() + " | "
                + applied.get(1).get("file").asText() + " " + applied.get(1).get("exit_code").asInt() + " "
                + applied.get(1).at("/result/run/state").asText(), result.out());
        assertEquals(2, applied.size(), "the file after the failure was not applied: " + result.out());
        assertEquals("FAILED", db.queryValue("SELECT state FROM pgshift.run WHERE playbook_name = 'fail-unique'"));
        assertEquals(0L, db.queryLong("SELECT count(*) FROM pgshift.run WHERE playbook_name = 'fail-c'"));
        Cli.Result status = cli(db, "status", dir.toString(), "--output", "json");
        JsonNode rows = JSON.readTree(status.out());
        assertEquals("applied failed pending", rows.get(0).get("state").asText() + " " + rows.get(1).get("state").asText()
                + " " + rows.get(2).get("state").asText(), status.out());
        Cli.Result repair = cli(db, "repair", "fail-unique", "--accept-checksum", "--reason", "r", "--playbook",
                dir.toString());
        assertExit(7, repair);
        assertTrue(repair.firstErrorLine().contains("is FAILED, not SUCCEEDED"), repair.err());
        assertExit(2, cli(db, "repair", "fail-c", "--accept-checksum", "--reason", "r", "--playbook", dir.toString()));
    }

    @Test
    void anInvalidOrDuplicateFileAnywhereStopsTheDirectoryBeforeAnythingRuns(TestDatabase db) throws IOException {
        db.execute("CREATE TABLE bad_items (id bigint PRIMARY KEY)");
        write("001-a.yaml", addColumn("bad-a", "bad_items", "a"));
        write("002-b.yaml", "name: bad-b\nexpand:\n  - add_colum: {table: bad_items, column: b, type: text}\n");

        Cli.Result invalid = cli(db, "apply", dir.toString());

        assertExit(3, invalid);
        assertTrue(invalid.firstErrorLine().contains("002-b.yaml"), invalid.err());
        write("002-b.yaml", addColumn("bad-a", "bad_items", "b"));
        Cli.Result duplicate = cli(db, "apply", dir.toString());
        assertExit(3, duplicate);
        assertTrue(duplicate.firstErrorLine().contains("001-a.yaml and 002-b.yaml"), duplicate.err());
        assertEquals(0L, db.queryLong("SELECT count(*) FROM pgshift.run WHERE playbook_name = 'bad-a'"), "nothing applied");
        assertEquals(0L, db.queryLong("SELECT count(*) FROM information_schema.columns WHERE table_name = 'bad_items'"
                + " AND column_name = 'a'"));
    }

    private void write(String fileName, String yaml) throws IOException {
        Files.writeString(dir.resolve(fileName), yaml);
    }

    private static String addColumn(String name, String table, String column) {
        return "name: " + name + "\nexpand:\n  - add_column: {table: " + table + ", column: " + column + ", type: text}\n";
    }

    private static Cli.Result cli(TestDatabase db, String... args) {
        String[] all = Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--database-url";
        all[args.length + 1] = db.jdbcUrlForChild();
        return Cli.run(all);
    }

    private static long runId(TestDatabase db, String playbook) {
        return db.queryLong("SELECT max(id) FROM pgshift.run WHERE playbook_name = '" + playbook + "'");
    }

    private static int count(String text, String fragment) {
        return text.split(java.util.regex.Pattern.quote(fragment), -1).length - 1;
    }

    private static void assertExit(int expected, Cli.Result result) {
        assertEquals(expected, result.exitCode(), "exit code; stdout:\n" + result.out() + "\nstderr:\n" + result.err());
    }
}
