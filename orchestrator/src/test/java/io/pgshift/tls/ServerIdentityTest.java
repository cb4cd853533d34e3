package io.pgshift.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.error.ErrorCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PEM certificates and PKCS#8 keys read in plain Java, and every way a pair can be unusable. */
class ServerIdentityTest {
    @TempDir
    Path dir;

    @Test
    void loadsRsaAndEcPairsIntoAKeyStore() throws Exception {
        for (String algorithm : new String[] {"RSA", "EC"}) {
            TestCertificates.Pair pair = TestCertificates.selfSigned(dir, algorithm.toLowerCase(), algorithm);
            ServerIdentity identity = ServerIdentity.load(pair.cert(), pair.key());
            char[] password = ServerIdentity.ephemeralPassword();
            KeyStore store = identity.keyStore(password);
            assertNotNull(store.getKey("pgshift", password), algorithm);
            assertEquals("CN=localhost", identity.certificate().getSubjectX500Principal().getName());
        }
    }

    @Test
    void refusesAKeyThatIsNotTheCertificatesOwn() throws Exception {
        TestCertificates.Pair one = TestCertificates.selfSigned(dir, "one", "RSA");
        TestCertificates.Pair other = TestCertificates.selfSigned(dir, "other", "RSA");
        TlsMaterialException e = assertThrows(TlsMaterialException.class, () -> ServerIdentity.load(one.cert(), other.key()));
        assertEquals(other.key() + " is not the private key of the certificate in " + one.cert(), e.getMessage());
        assertEquals(ErrorCode.USAGE, e.code());
    }

    @Test
    void refusesAKeyOfAnotherTypeThanTheCertificate() throws Exception {
        TestCertificates.Pair rsa = TestCertificates.selfSigned(dir, "rsa", "RSA");
        TestCertificates.Pair ec = TestCertificates.selfSigned(dir, "ec", "EC");
        String message = assertThrows(TlsMaterialException.class, () -> ServerIdentity.load(rsa.cert(), ec.key())).getMessage();
        assertTrue(message.startsWith(ec.key() + " is not a PKCS#8 RSA private key"), message);
    }

    @Test
    void namesTheConversionForAPkcs1OrEncryptedKey() throws Exception {
        TestCertificates.Pair pair = TestCertificates.selfSigned(dir, "rsa", "RSA");
        Path pkcs1 = TestCertificates.relabelled(pair.key(), "RSA PRIVATE KEY");
        String message = assertThrows(TlsMaterialException.class, () -> ServerIdentity.load(pair.cert(), pkcs1)).getMessage();
        assertTrue(message.contains("holds a 'RSA PRIVATE KEY'") && message.contains("openssl pkcs8 -topk8 -nocrypt"),
                message);
        assertEquals(1, message.lines().count(), message);
    }

    @Test
    void aMissingOrNonPemFileIsNamed() throws Exception {
        TestCertificates.Pair pair = TestCertificates.selfSigned(dir, "rsa", "RSA");
        Path missing = dir.resolve("nope.pem");
        assertEquals(missing + " does not exist",
                assertThrows(TlsMaterialException.class, () -> ServerIdentity.load(missing, pair.key())).getMessage());
        Path text = Files.writeString(dir.resolve("text.pem"), "not a certificate\n");
        assertTrue(assertThrows(TlsMaterialException.class, () -> ServerIdentity.load(text, pair.key())).getMessage()
                .contains("holds no PEM certificate"));
        assertTrue(assertThrows(TlsMaterialException.class, () -> ServerIdentity.load(pair.cert(), pair.cert()))
                .getMessage().contains("holds no PEM private key"));
    }

    @Test
    void trustsExactlyTheGivenCertificates() throws Exception {
        TestCertificates.Pair pair = TestCertificates.selfSigned(dir, "rsa", "RSA");
        assertEquals("TLS", TrustedCertificates.sslContext(pair.cert()).getProtocol());
        assertThrows(TlsMaterialException.class, () -> TrustedCertificates.sslContext(pair.key()));
    }
}
