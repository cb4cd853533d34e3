package io.pgshift.lint.rules;

/** Paths inside a playbook as findings name them: {@code expand[0].add_column}, {@code backfill[1].where}. */
final class Paths {
    private Paths() {
    }

    static String expand(int index, String kind) {
        return "expand[" + index + "]." + kind;
    }

    static String backfill(int index, String field) {
        return "backfill[" + index + "]." + field;
    }

    static String contract(int index, String kind) {
        return "contract[" + index + "]." + kind;
    }
}
