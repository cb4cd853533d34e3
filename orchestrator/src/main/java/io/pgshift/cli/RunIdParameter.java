package io.pgshift.cli;

/** Why a RUN argument must be a number: runs are identified by id (see pgshift history). */
final class RunIdParameter {
    static final String LABEL = "RUN";
    static final String DESCRIPTION = "run id (see pgshift history)";

    private RunIdParameter() {
    }

    /** Whether {@code argument} reads as a run id rather than a path. */
    static boolean isRunId(String argument) {
        return argument.matches("[0-9]{1,18}");
    }
}
