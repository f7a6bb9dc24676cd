package io.alink.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** The certificates a gateway trusts: the JDK's trust store, or those of a configured CA file. */
final class Tls {

    private Tls() {
    }

    /** Trust managers for {@code caFile} (PEM or DER, one or more certificates); null caFile means the JDK's. */
    static TrustManagerFactory trustManagers(Path caFile) {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(caFile == null ? null : keyStoreOf(caFile));
            return factory;
        } catch (GeneralSecurityException | IOException e) {
            throw new ConnectionException("cannot load the CA certificates of " + caFile, e);
        }
    }

    static SSLContext sslContext(Path caFile) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trustManagers(caFile).getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new ConnectionException("cannot set up TLS", e);
        }
    }

    private static KeyStore keyStoreOf(Path caFile) throws GeneralSecurityException, IOException {
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(caFile)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
        if (certificates.isEmpty()) {
            throw new ConnectionException("no certificate in " + caFile, null);
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int i = 0;
        for (Certificate certificate : certificates) {
            store.setCertificateEntry("ca-" + i++, certificate);
        }
        return store;
    }
}
