package io.pgshift.tls;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A TLS client context that trusts exactly the certificates of one PEM file (a private CA, or a
 * daemon's self-signed certificate) instead of the JVM's default trust store. Host names are
 * still checked against the certificate by the HTTP client.
 */
public final class TrustedCertificates {
    private TrustedCertificates() {
    }

    public static SSLContext sslContext(Path caFile) {
        List<X509Certificate> certificates = PemFiles.certificates(caFile);
        try {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            for (int i = 0; i < certificates.size(); i++) {
                trusted.setCertificateEntry("ca-" + i, certificates.get(i));
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new TlsMaterialException("cannot trust the certificates of " + caFile + ": " + e.getMessage(), e);
        }
    }
}
