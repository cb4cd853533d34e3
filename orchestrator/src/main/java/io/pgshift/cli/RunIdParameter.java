package io.pgshift.cli;

/** Why a RUN argument must be a number: runs are identified by id (see pgshift history). */
final class RunIdParameter {
    static final String LABEL = "RUN";
    static final String DESCRIPTION = "run id (see pgshift history)";

    private RunIdParameter() {
    }
}
