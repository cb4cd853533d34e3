package io.pgshift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Properties;
import org.junit.jupiter.api.Test;

/** {@code pgshift --version} names the build's commit; {@code pgshift completion} prints bash and zsh scripts. */
class VersionAndCompletionTest {
    @Test
    void versionNamesTheVersionAndTheCommit() {
        Cli.Result result = Cli.run("--version");
        assertEquals(0, result.exitCode(), result.err());
        // run from classes there is no manifest: "dev"; the build wrote the commit of this checkout
        assertTrue(result.out().strip().matches("pgshift dev \\(commit ([0-9a-f]{7}|unknown)\\)"), result.out());
    }

    @Test
    void aBuildWithoutGitSaysCommitUnknown() {
        assertEquals("unknown", VersionProvider.commitOf(new Properties()));
        Properties empty = new Properties();
        empty.setProperty("commit", "");
        assertEquals("unknown", VersionProvider.commitOf(empty), "no .git: git printed no commit");
        Properties unresolved = new Properties();
        unresolved.setProperty("commit", "${build.commit}");
        assertEquals("unknown", VersionProvider.commitOf(unresolved), "no git: the property stayed unset");
        Properties built = new Properties();
        built.setProperty("commit", "1a2b3c4");
        assertEquals("1a2b3c4", VersionProvider.commitOf(built));
    }

    @Test
    void bashCompletionCoversEveryCommand() {
        Cli.Result result = Cli.run("completion", "bash");
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().startsWith("#!/usr/bin/env bash"), "a bash script");
        assertTrue(result.out().contains("complete -F _complete_pgshift -o default pgshift"), "registered for pgshift");
        for (String command : new String[] {"lint", "plan", "apply", "daemon", "completion"}) {
            assertTrue(result.out().contains("function _picocli_pgshift_" + command + "()"), command);
        }
        assertTrue(result.out().contains("--strict"), "options too");
    }

    @Test
    void zshCompletionIsLoadableFromFpath() {
        Cli.Result result = Cli.run("completion", "zsh");
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().startsWith("#compdef pgshift\n"), "compinit autoloads it as _pgshift");
        assertTrue(result.out().contains("autoload -U +X bashcompinit && bashcompinit"), "the bash script under zsh");
        assertTrue(result.out().contains("_bash_complete -F _complete_pgshift -o default"), "completes its first TAB");
    }

    @Test
    void anUnknownShellIsAUsageError() {
        Cli.Result result = Cli.run("completion", "fish");
        assertEquals(2, result.exitCode());
        assertTrue(result.firstErrorLine().contains("expected one of [BASH, ZSH]"), result.err());
        assertEquals("", result.out(), "no script printed");
    }
}
