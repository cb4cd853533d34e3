package io.pgshift.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * pgshift's command tree: the root and its subcommands, in the order its help lists them.
 *
 * <p>Picocli builds a subcommand's whole model (every option, mixin and nested command, by
 * reflection) when the subcommand is added; for all 24 that was about 0.15 s of every start. So a
 * command line whose first word names a subcommand gets that one alone; anything else (no word,
 * an option first, a misspelt name, which picocli answers with the closest names) gets them all,
 * and so does {@code completion}, which prints the script of every command.
 */
public final class CommandTree {
    private static final List<Class<?>> SUBCOMMANDS = List.of(LintCommand.class, PlanCommand.class,
            ApplyCommand.class, StatusCommand.class, HistoryCommand.class, RunControlCommands.Pause.class,
            RunControlCommands.Resume.class, RunControlCommands.Cancel.class, RollbackCommand.class,
            AuditCommand.class, DaemonCommand.class, TargetsCommand.class, SchemaCommand.class,
            BackupCommand.class, BaselineCommand.class, PreflightCommand.class, SubmitCommand.class,
            ApproveCommand.class, CompleteCommand.class, CleanupCommand.class, TokenCommand.class,
            RepairCommand.class, CompletionCommand.class, RestoreCommand.class);

    private CommandTree() {
    }

    /** The root with every subcommand (also what scripts/man-pages.java documents). */
    public static CommandLine full() {
        return withSubcommands(SUBCOMMANDS);
    }

    /** The root with what {@code args} can reach: the one subcommand its first word names, else all. */
    static CommandLine forArgs(String... args) {
        if (args.length > 0) {
            for (Class<?> subcommand : SUBCOMMANDS) {
                if (subcommand != CompletionCommand.class
                        && subcommand.getAnnotation(Command.class).name().equals(args[0])) {
                    return withSubcommands(List.of(subcommand));
                }
            }
        }
        return full();
    }

    private static CommandLine withSubcommands(List<Class<?>> subcommands) {
        CommandLine root = new CommandLine(new PgshiftCommand());
        for (Class<?> subcommand : subcommands) {
            root.addSubcommand(subcommand);
        }
        return root;
    }
}
