package io.pgshift.cli;

import java.util.Locale;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pgshift completion bash|zsh}: prints the shell completion script of every command and
 * option, generated from the command line model itself so it never lags behind a new option.
 */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Print the shell completion script for pgshift's commands and options.",
            "bash: source <(pgshift completion bash), or save it as /etc/bash_completion.d/pgshift.",
            "zsh: save it as _pgshift in a directory of $fpath, or source <(pgshift completion zsh) in ~/.zshrc."})
final class CompletionCommand implements Runnable {
    /** The shells a script is printed for. */
    enum Shell {
        BASH, ZSH;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SHELL", description = "bash or zsh")
    Shell shell;

    @Override
    public void run() {
        String bash = AutoComplete.bash("pgshift", spec.root().commandLine());
        spec.commandLine().getOut().print(shell == Shell.BASH ? bash : ZshCompletion.wrap(bash));
        spec.commandLine().getOut().flush();
    }
}
