package io.pgshift.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * Self-signed certificates made by the tests themselves with the JDK's keytool (always there,
 * unlike openssl), written as the PEM files an operator would give: the certificate, and the key
 * as unencrypted PKCS#8.
 */
public final class TestCertificates {
    private static final String PASSWORD = "test-only";

    private TestCertificates() {
    }

    /** A certificate and key pair written as PEM. */
    public record Pair(Path cert, Path key) {
    }

    /** A self-signed certificate for localhost and 127.0.0.1; {@code algorithm} RSA or EC. */
    public static Pair selfSigned(Path dir, String name, String algorithm) throws Exception {
        Path store = dir.resolve(name + ".p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process process = new ProcessBuilder(keytool, "-genkeypair", "-alias", "pgshift", "-keyalg", algorithm,
                "-keysize", algorithm.equals("EC") ? "256" : "2048", "-dname", "CN=localhost", "-validity", "2",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD.toCharArray());
        }
        Certificate cert = keys.getCertificate("pgshift");
        PrivateKey key = (PrivateKey) keys.getKey("pgshift", PASSWORD.toCharArray());
        Pair pair = new Pair(dir.resolve(name + "-cert.pem"), dir.resolve(name + "-key.pem"));
        Files.writeString(pair.cert(), pem("CERTIFICATE", cert.getEncoded()));
        Files.writeString(pair.key(), pem("PRIVATE KEY", key.getEncoded()));
        return pair;
    }

    /** The same key wrapped as another PEM kind (e.g. {@code RSA PRIVATE KEY}), to test refusals. */
    public static Path relabelled(Path key, String kind) throws IOException {
        Path copy = key.resolveSibling("relabelled-" + key.getFileName());
        Files.writeString(copy, Files.readString(key).replace("PRIVATE KEY", kind));
        return copy;
    }

    static String pem(String kind, byte[] der) {
        return "-----BEGIN " + kind + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + kind + "-----\n";
    }
}
