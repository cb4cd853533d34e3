package io.pgshift.cli;

import io.pgshift.daemon.NewToken;
import io.pgshift.daemon.Role;
import io.pgshift.error.ErrorCode;
import io.pgshift.error.PgshiftException;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pgshift token}: API tokens of a daemon. */
@Command(name = "token", mixinStandardHelpOptions = true, subcommands = TokenCommand.New.class,
        description = "Manage the daemon's API tokens (see docs/OPERATIONS.md, \"Tokens\").")
final class TokenCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing subcommand: pgshift token new NAME"
                + " --roles viewer[,operator][,approver] [--targets T1,T2]");
    }

    /**
     * {@code pgshift token new NAME --roles ... [--targets ...]}: draws a token, prints it once and
     * the config line holding its hash. Nothing is stored anywhere: the token is on this screen
     * only, the daemon learns the hash when the line is pasted into its config.
     */
    @Command(name = "new", mixinStandardHelpOptions = true,
            description = "Print a new random API token (shown this once) and the line to add under tokens: in the"
                    + " daemon's config.")
    static final class New implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME", description = "the token's name: the actor its actions are audited as")
        String name;

        @Option(names = "--roles", required = true, split = ",", paramLabel = "ROLE",
                description = "viewer, operator and/or approver, comma-separated (every role reads)")
        List<String> roles;

        @Option(names = "--targets", split = ",", paramLabel = "TARGET",
                description = "the only targets the token may act on, reads included (default: every target)")
        List<String> targets = new ArrayList<>();

        @Override
        public Integer call() {
            NewToken token;
            try {
                token = NewToken.issue(name, roles(roles), targets, new SecureRandom());
            } catch (IllegalArgumentException e) {
                throw new PgshiftException(ErrorCode.USAGE, e.getMessage());
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println("token: " + token.token());
            out.println("# Shown this once, pgshift keeps only its SHA-256: hand it to " + token.name()
                    + " now (as PGSHIFT_TOKEN, or in a secret store).");
            out.println("# Add this line under tokens: in the daemon's config, then restart the daemon:");
            out.println("  " + token.configLine());
            out.flush();
            return 0;
        }

        private static Set<Role> roles(List<String> names) {
            Set<Role> roles = EnumSet.noneOf(Role.class);
            names.forEach(name -> roles.add(Role.parse(name)));
            return roles;
        }
    }
}
