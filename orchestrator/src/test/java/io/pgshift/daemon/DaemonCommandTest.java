package io.pgshift.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.cli.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An invalid config stops {@code pgshift daemon} before anything starts: one line on stderr, exit 2. */
class DaemonCommandTest {
    @TempDir
    Path dir;

    @Test
    void invalidConfigExitsWithUsageErrorAndOneLine() throws Exception {
        Path config = dir.resolve("daemon.yaml");
        Files.writeString(config, """
                listen: 127.0.0.1:0
                targets:
                  staging: {url: "postgresql://app:hunter2@db/app", pasword_env: X}
                tokens: []
                """);
        Cli.Result result = Cli.run("daemon", "--config", config.toString());
        assertEquals(2, result.exitCode(), result.err());
        assertTrue(result.firstErrorLine().startsWith("pgshift: " + config + ":3: unknown key 'pasword_env'"),
                result.err());
        assertEquals(1, result.err().strip().lines().count(), result.err());
        assertFalse(result.err().contains("hunter2"));
    }

    @Test
    void aTokenPublishedInTheExamplesStopsTheDaemonWithExitSeventeenAndOneLine() throws Exception {
        Path config = dir.resolve("daemon.yaml");
        Files.writeString(config, """
                listen: 127.0.0.1:0
                targets:
                  staging: {url: "jdbc:postgresql://127.0.0.1:1/app"}
                tokens:
                  - {name: alice, sha256: 2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b, roles: [operator]}
                """);
        Cli.Result result = Cli.run("daemon", "--config", config.toString());
        assertEquals(17, result.exitCode(), result.err());
        assertTrue(result.firstErrorLine().startsWith("pgshift: " + config + ": 'tokens[0].sha256' (token 'alice') is the"
                + " hash of a token published in pgshift's examples"), result.err());
        assertEquals(1, result.err().strip().lines().count(), result.err());
    }

    @Test
    void missingConfigFileIsAUsageError() {
        Cli.Result result = Cli.run("daemon", "--config", dir.resolve("nope.yaml").toString());
        assertEquals(2, result.exitCode());
        assertTrue(result.firstErrorLine().contains("does not exist"), result.err());
    }

    @Test
    void anUnusableTlsKeyExitsWithUsageErrorAndOneLine() throws Exception {
        io.pgshift.tls.TestCertificates.Pair one = io.pgshift.tls.TestCertificates.selfSigned(dir, "one", "RSA");
        io.pgshift.tls.TestCertificates.Pair other = io.pgshift.tls.TestCertificates.selfSigned(dir, "other", "RSA");
        Path config = dir.resolve("daemon.yaml");
        Files.writeString(config, """
                listen: 127.0.0.1:0
                tls: {cert_file: %s, key_file: %s}
                targets:
                  staging: {url: "postgresql://db/app"}
                tokens: []
                """.formatted(one.cert(), other.key()));
        Cli.Result result = Cli.run("daemon", "--config", config.toString());
        assertEquals(2, result.exitCode(), result.err());
        assertEquals("pgshift: " + config + ": 'tls' cannot be used: " + other.key()
                + " is not the private key of the certificate in " + one.cert(), result.err().strip());
    }
}
