package io.pgshift.tls;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The certificate chain and private key the API serves TLS with, read from PEM files and checked
 * to belong together when the configuration is read, so that a wrong key stops the daemon at start
 * with one line rather than failing every handshake.
 */
public final class ServerIdentity {
    private final List<X509Certificate> chain;
    private final PrivateKey key;

    private ServerIdentity(List<X509Certificate> chain, PrivateKey key) {
        this.chain = List.copyOf(chain);
        this.key = key;
    }

    /** @throws TlsMaterialException naming the file that cannot be used, or the pair that does not match */
    public static ServerIdentity load(Path certFile, Path keyFile) {
        List<X509Certificate> chain = PemFiles.certificates(certFile);
        String algorithm = chain.get(0).getPublicKey().getAlgorithm();
        PrivateKey key = PemFiles.privateKey(keyFile, algorithm);
        if (!signsFor(key, chain.get(0))) {
            throw new TlsMaterialException(keyFile + " is not the private key of the certificate in " + certFile);
        }
        return new ServerIdentity(chain, key);
    }

    /** An in-memory key store holding the pair, its key protected by {@code password}. */
    public KeyStore keyStore(char[] password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("pgshift", key, password, chain.toArray(new Certificate[0]));
            return store;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("every Java runtime keeps keys in a PKCS12 store", e);
        }
    }

    /** A random password for an in-memory key store, which never leaves this process. */
    public static char[] ephemeralPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return java.util.Base64.getEncoder().encodeToString(bytes).toCharArray();
    }

    /** The server's own certificate (the first of the chain). */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    private static boolean signsFor(PrivateKey key, X509Certificate certificate) {
        String algorithm = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256with" + key.getAlgorithm();
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            throw new TlsMaterialException("cannot check that the key belongs to the certificate: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "ServerIdentity[" + certificate().getSubjectX500Principal().getName() + "]";
    }
}
