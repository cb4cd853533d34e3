package io.pgshift.directory;

import io.pgshift.error.ErrorCode;
import io.pgshift.error.PgshiftException;
import io.pgshift.playbook.Playbook;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads a directory of playbooks: its {@code *.yaml} and {@code *.yml} files (not its
 * subdirectories), in file-name order, each loaded (parsed, and linted where the caller lints)
 * before anything is applied. Two files naming the same playbook are refused: a run is keyed by
 * the name, so the second would read as an edit of the first.
 */
public final class PlaybookDirectory {
    /** Parses (and lints) one file, throwing pgshift's error for a bad one. */
    @FunctionalInterface
    public interface Loader {
        Playbook load(Path file);
    }

    private PlaybookDirectory() {
    }

    public static List<PlaybookFile> read(Path dir, Loader loader) {
        List<PlaybookFile> files = new ArrayList<>();
        Map<String, PlaybookFile> byName = new HashMap<>();
        for (Path file : yamlFiles(dir)) {
            PlaybookFile loaded = new PlaybookFile(file, loader.load(file));
            PlaybookFile earlier = byName.putIfAbsent(loaded.playbook().name(), loaded);
            if (earlier != null) {
                throw new PgshiftException(ErrorCode.PLAYBOOK_INVALID, earlier.fileName() + " and " + loaded.fileName()
                        + " in " + dir + " are both named '" + loaded.playbook().name()
                        + "': give each playbook of a directory its own name");
            }
            files.add(loaded);
        }
        if (files.isEmpty()) {
            throw new PgshiftException(ErrorCode.USAGE, dir + " holds no playbooks (*.yaml, *.yml files)");
        }
        return files;
    }

    private static List<Path> yamlFiles(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(Files::isRegularFile)
                    .filter(p -> isYaml(p.getFileName().toString()))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new PgshiftException(ErrorCode.USAGE, "cannot list playbook directory " + dir + ": " + e.getMessage(), e);
        }
    }

    private static boolean isYaml(String name) {
        // editors' and tools' hidden files (.#001-x.yaml, ._001-x.yaml) are not playbooks
        return !name.startsWith(".") && (name.endsWith(".yaml") || name.endsWith(".yml"));
    }
}
