package io.pgshift.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Certificates and PKCS#8 private keys from PEM files, in plain Java (no provider beyond the JDK's). */
public final class PemFiles {
    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");

    private PemFiles() {
    }

    /** Every {@code CERTIFICATE} block of {@code file}, in order (a server's own certificate first). */
    public static List<X509Certificate> certificates(Path file) {
        String text = read(file);
        if (!text.contains("-----BEGIN CERTIFICATE-----")) {
            throw new TlsMaterialException(file + " holds no PEM certificate ('-----BEGIN CERTIFICATE-----')");
        }
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            return factory.generateCertificates(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)))
                    .stream().map(X509Certificate.class::cast).toList();
        } catch (CertificateException e) {
            throw new TlsMaterialException(file + " is not a valid PEM X.509 certificate: " + e.getMessage(), e);
        }
    }

    /**
     * The {@code PRIVATE KEY} (PKCS#8, unencrypted) block of {@code file}, for the key algorithm of
     * its certificate ({@code RSA} or {@code EC}).
     */
    public static PrivateKey privateKey(Path file, String algorithm) {
        Matcher block = BLOCK.matcher(read(file));
        while (block.find()) {
            String kind = block.group(1);
            if (kind.equals("PRIVATE KEY")) {
                return decode(file, algorithm, block.group(2));
            }
            if (kind.endsWith("PRIVATE KEY")) {
                throw new TlsMaterialException(file + " holds a '" + kind + "'; pgshift reads unencrypted PKCS#8 keys"
                        + " ('BEGIN PRIVATE KEY'): convert it with openssl pkcs8 -topk8 -nocrypt -in "
                        + file + " -out key.pem");
            }
        }
        throw new TlsMaterialException(file + " holds no PEM private key ('-----BEGIN PRIVATE KEY-----')");
    }

    private static PrivateKey decode(Path file, String algorithm, String base64) {
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new TlsMaterialException(file + ": the private key is not valid base64", e);
        }
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new TlsMaterialException(file + " is not a PKCS#8 " + algorithm + " private key matching the"
                    + " certificate's key type: " + e.getMessage(), e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new TlsMaterialException(file + " does not exist", e);
        } catch (IOException e) {
            throw new TlsMaterialException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
