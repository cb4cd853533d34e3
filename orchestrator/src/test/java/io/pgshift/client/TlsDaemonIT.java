package io.pgshift.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.api.ApiClient;
import io.pgshift.api.TestDaemons;
import io.pgshift.cli.Cli;
import io.pgshift.daemon.boot.Daemon;
import io.pgshift.error.ErrorCode;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import io.pgshift.tls.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon serving HTTPS with a certificate the test makes itself, and the CLI reaching it with
 * {@code --cacert}; without it, or in plain HTTP, the CLI fails with one clear line.
 */
@ExtendWith(PgDatabaseExtension.class)
class TlsDaemonIT {
    static final String OPERATOR = "tess-token";

    @TempDir
    static Path dir;

    private static Daemon daemon;
    private static TestCertificates.Pair pair;
    private static TestDatabase staging;

    @BeforeAll
    static void start(TestDatabase db) throws Exception {
        staging = db;
        pair = TestCertificates.selfSigned(dir, "daemon", "RSA");
        daemon = TestDaemons.start("""
                listen: 127.0.0.1:0
                node: tls-it
                tls: {cert_file: %s, key_file: %s}
                targets:
                  staging:
                    url: %s
                tokens:
                  - {name: tess, sha256: %s, roles: [operator]}
                """.formatted(pair.cert(), pair.key(), db.jdbcUrlForChild(), ApiClient.sha256(OPERATOR)));
    }

    @AfterAll
    static void stop() {
        if (daemon != null) {
            daemon.close();
        }
    }

    private static Cli.Result cli(String server, String... args) {
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                java.util.stream.Stream.of("--server", server, "--token", OPERATOR, "--target", "staging"))
                .toArray(String[]::new);
        return Cli.run(all);
    }

    @Test
    void theCliSubmitsAndReadsStatusOverHttpsTrustingTheCertificateGiven() throws Exception {
        assertTrue(daemon.baseUrl().startsWith("https://127.0.0.1:"), daemon.baseUrl());
        staging.execute("CREATE TABLE tls_t (id bigserial PRIMARY KEY, n int NOT NULL);"
                + " INSERT INTO tls_t (n) SELECT g FROM generate_series(1, 300) g; ANALYZE tls_t");
        Path playbook = Files.writeString(dir.resolve("tls-double.yaml"),
                TestDaemons.doublingPlaybook("tls-double", "tls_t", "{size: 100}"));
        Cli.Result submitted = cli(daemon.baseUrl(), "submit", playbook.toString(), "--wait", "--cacert",
                pair.cert().toString());
        assertEquals(0, submitted.exitCode(), submitted.out() + submitted.err());
        Matcher id = Pattern.compile("^run (\\d+): ", Pattern.MULTILINE).matcher(submitted.out());
        assertTrue(id.find(), submitted.out());

        Cli.Result status = cli(daemon.baseUrl(), "status", id.group(1), "--cacert", pair.cert().toString());
        assertEquals(0, status.exitCode(), status.err());
        assertTrue(status.out().startsWith("SUCCEEDED"), status.out());
    }

    @Test
    void withoutTheCertificateTheCliSaysToPassCacertInOneLine() {
        Cli.Result result = cli(daemon.baseUrl(), "status", "1");
        assertEquals(ErrorCode.DATABASE.exitCode(), result.exitCode(), result.err());
        assertEquals(1, result.err().strip().lines().count(), result.err());
        assertTrue(result.firstErrorLine().startsWith("pgshift: cannot reach the daemon at " + daemon.baseUrl()
                + " over TLS: SSLHandshakeException"), result.err());
        assertTrue(result.firstErrorLine().endsWith("pass it with --cacert FILE"), result.err());
    }

    @Test
    void anotherCertificateIsNotTrustedEither() throws Exception {
        TestCertificates.Pair stranger = TestCertificates.selfSigned(dir, "stranger", "EC");
        Cli.Result result = cli(daemon.baseUrl(), "status", "1", "--cacert", stranger.cert().toString());
        assertEquals(ErrorCode.DATABASE.exitCode(), result.exitCode(), result.err());
        assertTrue(result.firstErrorLine().contains("--cacert FILE"), result.err());
    }

    @Test
    void plainHttpToTheTlsPortFails() {
        String plain = daemon.baseUrl().replace("https://", "http://");
        Cli.Result result = cli(plain, "status", "1");
        assertEquals(ErrorCode.DATABASE.exitCode(), result.exitCode(), result.err());
        assertEquals(1, result.err().strip().lines().count(), result.err());
        assertTrue(result.firstErrorLine().startsWith("pgshift: cannot reach the daemon at " + plain), result.err());
        assertTrue(result.firstErrorLine().endsWith("(if it serves TLS, use https://)"), result.err());
        Cli.Result cacertOnHttp = cli(plain, "status", "1", "--cacert", pair.cert().toString());
        assertEquals(ErrorCode.USAGE.exitCode(), cacertOnHttp.exitCode(), cacertOnHttp.err());
    }

    @Test
    void healthIsServedOverHttpsToo() throws Exception {
        java.net.http.HttpClient https = java.net.http.HttpClient.newBuilder()
                .sslContext(io.pgshift.tls.TrustedCertificates.sslContext(pair.cert())).build();
        java.net.http.HttpResponse<String> health = https.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(daemon.baseUrl() + "/healthz")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode());
    }
}
