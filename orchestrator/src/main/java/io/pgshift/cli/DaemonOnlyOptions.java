package io.pgshift.cli;

import io.pgshift.client.ServerOptions;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Refuses, with {@code --server}, the options only the in-process form of a run command can
 * honour: the daemon keeps its runs where its configuration says, and audits the token's name
 * (an audit log whose actor the caller chose would not say who did it).
 */
final class DaemonOnlyOptions {
    private DaemonOnlyOptions() {
    }

    /** {@code action}: what the daemon does, for the message ("the rollback", "the cleanup", ...). */
    static void refuse(CommandSpec spec, StateOptions state, String action) {
        if (state.url != null) {
            throw ServerOptions.notWithServer("--state-database-url", "the daemon does " + action
                    + " on its target, whose runs are where its configuration keeps them");
        }
        if (spec.commandLine().getParseResult().hasMatchedOption("--actor")) {
            throw ServerOptions.notWithServer("--actor", "the daemon audits " + action + " under the token's name");
        }
    }
}
