package io.pgshift.engine;

/** Reads the playbook index out of a step path: {@code backfill[2]}, {@code expand[0].add_column} → 2, 0. */
final class StepPaths {
    private StepPaths() {
    }

    static int index(String path) {
        return Integer.parseInt(path.substring(path.indexOf('[') + 1, path.indexOf(']')));
    }
}
