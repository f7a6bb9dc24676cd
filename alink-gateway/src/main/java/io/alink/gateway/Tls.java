package io.alink.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collection;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.TrustManagerFactorySpi;
import javax.net.ssl.X509ExtendedTrustManager;

/** The certificates a gateway trusts: the JDK's trust store, or those of a configured CA file. */
final class Tls {

    private Tls() {
    }

    /**
     * Trust managers for {@code caFile} (PEM or DER, one or more certificates); null caFile means the JDK's. A server
     * certificate they refuse fails the handshake with an {@link UntrustedCertificate}, which names it.
     */
    static TrustManagerFactory trustManagers(Path caFile) {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(caFile == null ? null : keyStoreOf(caFile));
            return naming(factory);
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

    /** The same trust; only a refusal changes, to say which certificate was refused: the handshake's error does not. */
    private static TrustManagerFactory naming(TrustManagerFactory factory) {
        TrustManager[] managers = Arrays.stream(factory.getTrustManagers())
                .map(manager -> manager instanceof X509ExtendedTrustManager x509 ? new Naming(x509) : manager)
                .toArray(TrustManager[]::new);
        TrustManagerFactorySpi spi = new TrustManagerFactorySpi() {
            @Override
            protected void engineInit(KeyStore keyStore) {
                // initialized already
            }

            @Override
            protected void engineInit(ManagerFactoryParameters parameters) {
                // initialized already
            }

            @Override
            protected TrustManager[] engineGetTrustManagers() {
                return managers.clone();
            }
        };
        return new TrustManagerFactory(spi, factory.getProvider(), factory.getAlgorithm()) {
        };
    }

    /** A server certificate refused by the trust managers, with its subject and issuer. */
    static final class UntrustedCertificate extends CertificateException {
        private static final long serialVersionUID = 1L;
        private final String subject;
        private final String issuer;

        UntrustedCertificate(X509Certificate[] chain, CertificateException refusal) {
            super(refusal.getMessage(), refusal);
            this.subject = chain.length == 0 ? "unknown" : chain[0].getSubjectX500Principal().getName();
            this.issuer = chain.length == 0 ? "unknown" : chain[0].getIssuerX500Principal().getName();
        }

        String subject() {
            return subject;
        }

        String issuer() {
            return issuer;
        }
    }

    private static final class Naming extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager trust;

        Naming(X509ExtendedTrustManager trust) {
            this.trust = trust;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            named(chain, () -> trust.checkServerTrusted(chain, authType, socket));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            named(chain, () -> trust.checkServerTrusted(chain, authType, engine));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            named(chain, () -> trust.checkServerTrusted(chain, authType));
        }

        private interface Check {
            void run() throws CertificateException;
        }

        private static void named(X509Certificate[] chain, Check check) throws CertificateException {
            try {
                check.run();
            } catch (CertificateException refusal) {
                throw new UntrustedCertificate(chain, refusal);
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            trust.checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            trust.checkClientTrusted(chain, authType, engine);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            trust.checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return trust.getAcceptedIssuers();
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
