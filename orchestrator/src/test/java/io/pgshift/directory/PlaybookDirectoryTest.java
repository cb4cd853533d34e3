package io.pgshift.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.error.ErrorCode;
import io.pgshift.error.PgshiftException;
import io.pgshift.playbook.parse.PlaybookParser;
import io.pgshift.run.RunPolicy;
import io.pgshift.run.RunRecord;
import io.pgshift.run.RunState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a directory (which files, in which order) and judging it (changed, out of order), without a database. */
class PlaybookDirectoryTest {
    @TempDir
    Path dir;

    @Test
    void readsYamlFilesInFileNameOrderLeavingOutHiddenFilesAndSubdirectories() throws IOException {
        write("010-j.yml", "j");
        write("002-b.yaml", "b");
        write("001-a.yaml", "a");
        write(".#003-c.yaml", "c");
        write("README.md", "not a playbook");
        Files.createDirectory(dir.resolve("004-sub.yaml"));

        List<String> names = PlaybookDirectory.read(dir, new PlaybookParser()::parse).stream()
                .map(PlaybookFile::fileName).toList();

        assertEquals(List.of("001-a.yaml", "002-b.yaml", "010-j.yml"), names);
    }

    @Test
    void twoFilesOfOneNameAreRefused() throws IOException {
        Files.writeString(dir.resolve("001-a.yaml"), playbook("same"));
        Files.writeString(dir.resolve("002-b.yaml"), playbook("same"));

        PgshiftException e = assertThrows(PgshiftException.class,
                () -> PlaybookDirectory.read(dir, new PlaybookParser()::parse));

        assertEquals(ErrorCode.PLAYBOOK_INVALID, e.code());
        assertTrue(e.getMessage().startsWith("001-a.yaml and 002-b.yaml in "), e.getMessage());
    }

    @Test
    void aDirectoryWithoutPlaybooksIsAUsageError() {
        PgshiftException e = assertThrows(PgshiftException.class,
                () -> PlaybookDirectory.read(dir, new PlaybookParser()::parse));

        assertEquals(ErrorCode.USAGE, e.code());
    }

    @Test
    void aPendingFileBeforeOneWithARunIsOutOfOrderUnlessAllowed() throws IOException {
        DirectoryPlan plan = new DirectoryPlan(dir, List.of(
                entry("001-a.yaml", FileState.APPLIED, 1),
                entry("002-b.yaml", FileState.PENDING, 0),
                entry("003-c.yaml", FileState.FAILED, 2),
                entry("004-d.yaml", FileState.PENDING, 0)));

        assertEquals(List.of("002-b.yaml"), plan.outOfOrder().stream().map(e -> e.file().fileName()).toList());
        DirectoryConflictException e = assertThrows(DirectoryConflictException.class,
                () -> plan.checkApplicable(Order.STRICT));
        assertTrue(e.getMessage().startsWith("002-b.yaml is pending but sorts before 003-c.yaml, already failed (run 2)"),
                e.getMessage());
        plan.checkApplicable(Order.OUT_OF_ORDER);
        assertEquals("4 playbooks in " + dir + ": 1 applied, 2 pending, 1 failed; next 002-b.yaml", plan.summary());
    }

    @Test
    void aChangedFileIsRefusedEvenWithOutOfOrder() throws IOException {
        DirectoryPlan plan = new DirectoryPlan(dir, List.of(
                entry("001-a.yaml", FileState.CHANGED, 1),
                entry("002-b.yaml", FileState.PENDING, 0)));

        DirectoryConflictException e = assertThrows(DirectoryConflictException.class,
                () -> plan.checkApplicable(Order.OUT_OF_ORDER));

        assertTrue(e.getMessage().contains("pgshift repair p-001-a --accept-checksum"), e.getMessage());
    }

    private DirectoryEntry entry(String fileName, FileState state, long runId) throws IOException {
        String name = "p-" + fileName.replace(".yaml", "");
        Path file = Files.writeString(dir.resolve(fileName), playbook(name));
        RunState runState = state == FileState.FAILED ? RunState.FAILED : RunState.SUCCEEDED;
        RunRecord run = runId == 0 ? null : new RunRecord(runId, name, "0".repeat(64), null, null, runState,
                RunState.CONTRACTING, "test", null, Instant.EPOCH, Instant.EPOCH, Instant.EPOCH,
                runState == RunState.SUCCEEDED ? Instant.EPOCH : null, null, null, null, null, null, RunPolicy.NONE, null);
        return new DirectoryEntry(new PlaybookFile(file, new PlaybookParser().parse(file)), state, run);
    }

    private void write(String fileName, String name) throws IOException {
        Files.writeString(dir.resolve(fileName), playbook(name));
    }

    private static String playbook(String name) {
        return "name: " + name + "\nexpand:\n  - add_column: {table: t, column: c, type: text}\n";
    }
}
