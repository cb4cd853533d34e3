package io.pgshift.lint.rules;

import io.pgshift.playbook.StepPath;

/** Paths inside a playbook as findings name them: {@code expand[0].add_column}, {@code backfill[1].where}. */
final class Paths {
    private Paths() {
    }

    static String expand(int index, String kind) {
        return StepPath.expand(index, kind).toString();
    }

    static String backfill(int index) {
        return StepPath.backfill(index).toString();
    }

    static String backfill(int index, String field) {
        // a field may be a path itself (set.theme), below the step's
        return StepPath.backfill(index) + "." + field;
    }

    static String contract(int index, String kind) {
        return StepPath.contract(index, kind).toString();
    }
}
