package io.pgshift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CommandTreeTest {
    @Test
    void aCommandLineNamingASubcommandBuildsThatOneAlone() {
        assertEquals(Set.of("apply"), CommandTree.forArgs("apply", "x.yaml").getSubcommands().keySet());
        assertEquals(Set.of("targets"), CommandTree.forArgs("targets", "status").getSubcommands().keySet());
        assertTrue(CommandTree.forArgs("targets", "status").getSubcommands().get("targets").getSubcommands()
                .containsKey("status"), "a named subcommand keeps its own subcommands");
    }

    @Test
    void anythingElseBuildsEverySubcommandInHelpOrder() {
        List<String> all = List.copyOf(CommandTree.full().getSubcommands().keySet());
        assertEquals(24, all.size());
        assertEquals(List.of("lint", "plan", "apply"), all.subList(0, 3));
        for (String[] args : new String[][] {{}, {"--help"}, {"aply"}, {"completion", "bash"}}) {
            assertEquals(all, List.copyOf(CommandTree.forArgs(args).getSubcommands().keySet()), String.join(" ", args));
        }
    }

    @Test
    void aMisspeltCommandIsAnsweredWithTheClosestNames() {
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err, true), "aply", "x.yaml");
        assertEquals(2, exit, err.toString());
        assertTrue(err.toString().contains("apply"), err.toString());
    }

    @Test
    void theCompletionScriptStillNamesEveryCommand() {
        StringWriter out = new StringWriter();
        assertEquals(0, Main.run(new PrintWriter(out, true), new PrintWriter(new StringWriter()), "completion", "bash"));
        for (String command : CommandTree.full().getSubcommands().keySet()) {
            assertTrue(out.toString().contains(command), command);
        }
    }
}
