package io.pgshift.directory;

import io.pgshift.run.AcceptedChecksums;
import io.pgshift.run.RunRecord;
import io.pgshift.run.RunState;
import io.pgshift.run.RunStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A directory's files in file order, each with its state against the runs of its name: what
 * {@code apply DIR} would skip, apply or resume, and what stops it (a changed file, a pending one
 * sorting before one already run).
 */
public record DirectoryPlan(Path dir, List<DirectoryEntry> entries) {
    /** Whether the target has lost steps of a run that succeeded (a failover to a standby behind it). */
    @FunctionalInterface
    public interface Losses {
        boolean lostSteps(RunRecord succeeded) throws SQLException;
    }

    public DirectoryPlan {
        entries = List.copyOf(entries);
    }

    public static DirectoryPlan read(Connection c, RunStore runs, Path dir, List<PlaybookFile> files, Losses losses)
            throws SQLException {
        List<DirectoryEntry> entries = new ArrayList<>();
        for (PlaybookFile file : files) {
            entries.add(entry(c, runs, file, losses));
        }
        return new DirectoryPlan(dir, entries);
    }

    /** Where pgshift has never run: every file is pending. */
    public static DirectoryPlan allPending(Path dir, List<PlaybookFile> files) {
        return new DirectoryPlan(dir, files.stream().map(f -> new DirectoryEntry(f, FileState.PENDING, null)).toList());
    }

    private static DirectoryEntry entry(Connection c, RunStore runs, PlaybookFile file, Losses losses)
            throws SQLException {
        // one live run per name (a unique index), always the newest: an older one was cancelled or rolled back
        Optional<RunRecord> newest = runs.findByName(c, file.playbook().name())
                .filter(r -> !RunState.discarded().contains(r.state()));
        if (newest.isEmpty()) {
            return new DirectoryEntry(file, FileState.PENDING, null);
        }
        RunRecord run = newest.get();
        FileState state = AcceptedChecksums.matches(c, run, file.playbook().checksum())
                ? FileState.of(run.state()) : FileState.CHANGED;
        if (state == FileState.APPLIED && losses.lostSteps(run)) {
            state = FileState.LOST;
        }
        return new DirectoryEntry(file, state, run);
    }

    /**
     * Refuses the directory before anything runs: any changed file, then (unless allowed) a pending
     * file sorting before one that already has a run.
     *
     * @throws DirectoryConflictException naming the file(s) and the way out
     */
    public void checkApplicable(Order order) {
        List<DirectoryEntry> changed = entries.stream().filter(e -> e.state() == FileState.CHANGED).toList();
        if (!changed.isEmpty()) {
            throw DirectoryConflictException.changed(changed.get(0), changed.size() - 1);
        }
        if (order == Order.STRICT) {
            Optional<DirectoryEntry> early = outOfOrder().stream().findFirst();
            if (early.isPresent()) {
                throw DirectoryConflictException.outOfOrder(early.get(), lastWithRun().orElseThrow());
            }
        }
    }

    /** Pending files that sort before the last file with a run. */
    public List<DirectoryEntry> outOfOrder() {
        Optional<DirectoryEntry> last = lastWithRun();
        if (last.isEmpty()) {
            return List.of();
        }
        return entries.subList(0, entries.indexOf(last.get())).stream()
                .filter(e -> e.state() == FileState.PENDING).toList();
    }

    private Optional<DirectoryEntry> lastWithRun() {
        DirectoryEntry last = null;
        for (DirectoryEntry e : entries) {
            if (e.run() != null) {
                last = e;
            }
        }
        return Optional.ofNullable(last);
    }

    /** E.g. {@code 4 playbooks in db/migrations: 3 applied, 1 pending; next 004-add-index.yaml}. */
    public String summary() {
        Map<FileState, Long> counts = entries.stream()
                .collect(Collectors.groupingBy(DirectoryEntry::state, () -> new EnumMap<>(FileState.class),
                        Collectors.counting()));
        String byState = counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey().word())
                .collect(Collectors.joining(", "));
        String next = entries.stream().filter(e -> e.state() != FileState.APPLIED).findFirst()
                .map(e -> "; next " + e.file().fileName()).orElse("; up to date");
        return entries.size() + " playbook" + (entries.size() == 1 ? "" : "s") + " in " + dir + ": " + byState + next;
    }
}
