package io.pgshift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.daemon.DaemonConfig;
import io.pgshift.daemon.DaemonConfigParser;
import io.pgshift.daemon.Role;
import io.pgshift.daemon.TokenHash;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code pgshift token new}: a fresh token shown once, and the config line that the daemon accepts. */
class TokenCommandTest {
    private static final String TARGETS = """
            targets:
              staging: {url: "jdbc:postgresql://s/app"}
              production: {url: "jdbc:postgresql://p/app"}
            tokens:
            """;

    private static String token(Cli.Result result) {
        return result.out().lines().filter(l -> l.startsWith("token: ")).findFirst().orElseThrow().substring(7);
    }

    private static String configLine(Cli.Result result) {
        return result.out().lines().filter(l -> l.startsWith("  - {name: ")).findFirst().orElseThrow();
    }

    @Test
    void printsARandomPrefixedTokenOnceAndTheLineHoldingItsHash() {
        Cli.Result result = Cli.run("token", "new", "alice", "--roles", "operator,viewer", "--targets", "staging");
        assertEquals(0, result.exitCode(), result.err());
        String token = token(result);
        assertTrue(token.startsWith("pgs_"), token);
        assertEquals(32, Base64.getUrlDecoder().decode(token.substring(4)).length, "32 random bytes: " + token);
        assertEquals(1, result.out().split(java.util.regex.Pattern.quote(token), -1).length - 1, "shown once");
        assertEquals("  - {name: alice, sha256: " + TokenHash.hex(token) + ", roles: [viewer, operator], targets: [staging]}",
                configLine(result));
        assertNotEquals(token, token(Cli.run("token", "new", "alice", "--roles", "viewer")), "drawn afresh each time");
    }

    @Test
    void theDaemonAcceptsThePrintedLineAndKnowsTheTokenByIt() {
        Cli.Result result = Cli.run("token", "new", "bob", "--roles", "approver", "--targets", "production,staging");
        DaemonConfig config = new DaemonConfigParser(Map.of(), "n").parse("daemon.yaml", TARGETS + configLine(result) + "\n");
        DaemonConfig.Token bob = config.tokens().get(0);
        assertEquals(Set.of(Role.APPROVER), bob.roles());
        assertTrue(bob.matches(TokenHash.of(token(result))));
        assertTrue(bob.targets().allows("production") && bob.targets().allows("staging"));
        assertEquals(List.of("production", "staging"), List.copyOf(bob.targets().names()));

        Cli.Result all = Cli.run("token", "new", "grafana", "--roles", "viewer");
        assertEquals("  - {name: grafana, sha256: " + HexFormat.of().formatHex(TokenHash.of(token(all)))
                + ", roles: [viewer]}", configLine(all), "no targets: every target");
        assertTrue(new DaemonConfigParser(Map.of(), "n").parse("daemon.yaml", TARGETS + configLine(all) + "\n")
                .tokens().get(0).targets().isAll());
    }

    @Test
    void unknownRolesAndUnplainNamesAreUsageErrors() {
        Cli.Result role = Cli.run("token", "new", "alice", "--roles", "admin");
        assertEquals(2, role.exitCode());
        assertTrue(role.firstErrorLine().contains("unknown role 'admin'"), role.err());
        assertEquals("", role.out(), "no token printed");
        Cli.Result name = Cli.run("token", "new", "al ice}", "--roles", "viewer");
        assertEquals(2, name.exitCode());
        assertTrue(name.firstErrorLine().contains("must be letters, digits"), name.err());
        assertEquals(2, Cli.run("token", "new", "alice").exitCode(), "--roles is required");
    }
}
