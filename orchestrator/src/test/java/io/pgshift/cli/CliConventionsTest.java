package io.pgshift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgshift.client.ServerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The conventions every command shares: --output, errors in JSON, one meaning of --target (no database needed). */
class CliConventionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NOWHERE = "jdbc:postgresql://127.0.0.1:1/none?user=x";

    @TempDir
    Path dir;

    private Path write(String name, String yaml) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, yaml);
        return file;
    }

    /** The one error object, on stdout, with nothing on stderr. */
    private static JsonNode error(Cli.Result result, String code, int exit) throws Exception {
        assertEquals(exit, result.exitCode(), result.out() + result.err());
        JsonNode error = JSON.readTree(result.out()).path("error");
        assertEquals(code, error.path("code").asText(), result.out());
        assertEquals(exit, error.path("exit_code").asInt(), result.out());
        assertTrue(error.path("message").isTextual(), result.out());
        return error;
    }

    @Test
    void everyCommandThatPrintsAResultTakesOutput() {
        CommandLine root = CommandTree.full();
        for (String command : List.of("status", "history", "apply", "submit", "audit", "audit verify", "targets status",
                "lint", "plan", "schema diff", "baseline", "baseline show", "baseline check", "preflight", "backup",
                "rollback", "pause", "resume", "cancel", "approve", "complete", "cleanup", "repair", "restore")) {
            CommandLine cmd = root;
            for (String word : command.split(" ")) {
                cmd = cmd.getSubcommands().get(word);
            }
            assertTrue(cmd.getCommandSpec().findOption("--output") != null, command + " has no --output");
        }
    }

    @Test
    void usageErrorsWithJsonOutputAreOneJsonObjectOnStdout() throws Exception {
        var unknown = Cli.run("history", "--no-such-option", "--output", "json");
        JsonNode error = error(unknown, "USAGE", 2);
        assertTrue(error.path("message").asText().contains("--no-such-option"), unknown.out());
        assertEquals("", unknown.err());
        var badValue = Cli.run("status", "--output=yaml");
        assertEquals(2, badValue.exitCode());
        assertTrue(badValue.err().contains("--output"), "text, since json was not asked for: " + badValue.err());
    }

    @Test
    void commandErrorsWithJsonOutputKeepTheirCodeAndExit() throws Exception {
        Path bad = write("bad.yaml", "name: bad\nexpand:\n  - add_column: {table: users, colum: x, type: text}\n");
        var invalid = Cli.run("lint", bad.toString(), "--output", "json");
        assertTrue(error(invalid, "PLAYBOOK_INVALID", 3).path("message").asText().contains("did you mean 'column'"),
                invalid.out());
        Path ok = write("ok.yaml", "name: ok\nexpand:\n  - add_column: {table: users, column: x, type: text}\n");
        error(Cli.run("plan", ok.toString(), "--database-url", NOWHERE, "--output", "json"), "DATABASE", 6);
    }

    @Test
    void lintPrintsItsFindingsAsJson() throws Exception {
        Path file = write("nn.yaml", "name: nn\nexpand:\n  - add_column: {table: users, column: x, type: text, not_null: true}\n");
        var result = Cli.run("lint", file.toString(), "--output", "json");
        assertEquals(4, result.exitCode(), result.err());
        JsonNode finding = JSON.readTree(result.out()).get(0);
        assertEquals("expand-not-null-column", finding.path("rule").asText());
        assertEquals("error", finding.path("severity").asText());
        assertEquals(3, finding.path("line").asInt());
    }

    @Test
    void theOldFormatJsonStillWorksAndSaysItIsDeprecated() throws Exception {
        Path file = write("nn.yaml", "name: nn\nexpand:\n  - add_column: {table: users, column: x, type: text, not_null: true}\n");
        var old = Cli.run("lint", file.toString(), "--format", "json");
        assertEquals(Cli.run("lint", file.toString(), "--output", "json").out(), old.out());
        assertTrue(old.firstErrorLine().equals("pgshift: --format json is deprecated: use --output json"), old.err());
        var wrong = Cli.run("lint", file.toString(), "--format", "yaml");
        assertEquals(2, wrong.exitCode());
        assertTrue(wrong.err().contains("--format is now --output text|json, got 'yaml'"), wrong.err());
        assertTrue(CommandTree.full().getSubcommands().get("lint").getCommandSpec()
                .findOption("--format").hidden(), "the alias stays out of --help");
    }

    @Test
    void planFormatChoosesTheTextDocumentAndRefusesJsonBesideIt() throws Exception {
        Path ok = write("ok.yaml", "name: ok\nexpand:\n  - add_column: {table: users, column: x, type: text}\n");
        var both = Cli.run("plan", ok.toString(), "--database-url", NOWHERE, "--format", "sql", "--output", "json");
        assertTrue(error(both, "USAGE", 2).path("message").asText().contains("give one of them"), both.out());
    }

    @Test
    void targetHasOneMeaningAndContradictionsAreRefused() throws Exception {
        var bareName = Cli.run("history", "--target", "staging");
        assertEquals(2, bareName.exitCode());
        assertTrue(bareName.firstErrorLine().contains("--target staging names a target of a daemon's config: give"
                + " --server URL (or set PGSHIFT_SERVER) to ask the daemon, --config FILE"), bareName.err());
        var inlineWithServer = Cli.run("history", "--server", "http://127.0.0.1:1", "--target", "staging=" + NOWHERE);
        assertEquals(2, inlineWithServer.exitCode());
        assertTrue(inlineWithServer.firstErrorLine().contains("--target NAME=URL reaches the database directly"),
                inlineWithServer.err());
        var inlineWithUrl = Cli.run("history", "--target", "staging=" + NOWHERE, "--database-url", NOWHERE);
        assertEquals(2, inlineWithUrl.exitCode());
        assertTrue(inlineWithUrl.firstErrorLine().contains("give either --target or --database-url, not both"),
                inlineWithUrl.err());
        // NAME=URL alone reaches that database: here an unreachable one, so exit 6, not a usage error
        assertEquals(6, Cli.run("history", "--target", "staging=" + NOWHERE).exitCode());
        CommandLine root = CommandTree.full();
        for (String command : List.of("history", "baseline", "preflight", "status")) {
            String description = root.getSubcommands().get(command).getCommandSpec().findOption("--target").description()[0];
            assertEquals(ServerOptions.TARGET_DESCRIPTION, description, command);
        }
    }
}
