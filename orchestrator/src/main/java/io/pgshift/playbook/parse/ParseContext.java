package io.pgshift.playbook.parse;

import io.pgshift.playbook.PlaybookProblem;
import io.pgshift.playbook.SourceLocation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What one parse collects: every problem (never stopping at the first) and where each path is written. */
final class ParseContext {
    private final String file;
    private final List<PlaybookProblem> problems = new ArrayList<>();
    private final Map<String, SourceLocation> locations = new HashMap<>();

    ParseContext(String file) {
        this.file = file;
    }

    String file() {
        return file;
    }

    SourceLocation at(int line, int column) {
        return new SourceLocation(file, line, column);
    }

    void problem(SourceLocation location, String path, String message) {
        problems.add(new PlaybookProblem(location, path, message));
    }

    /** Keeps the first location seen for a path: a duplicate key must not move it. */
    void locate(String path, SourceLocation location) {
        locations.putIfAbsent(path, location);
    }

    boolean hasProblems() {
        return !problems.isEmpty();
    }

    /** In file order; the sort is stable, so problems at one place keep the order they were found in. */
    List<PlaybookProblem> problems() {
        List<PlaybookProblem> sorted = new ArrayList<>(problems);
        sorted.sort(Comparator.comparingInt((PlaybookProblem p) -> p.location().line())
                .thenComparingInt(p -> p.location().column()));
        return sorted;
    }

    Map<String, SourceLocation> locations() {
        return locations;
    }
}
