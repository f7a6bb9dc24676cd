package io.alink.daemon.connector.opcua;

import io.alink.gateway.store.OwnerOnly;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Period;
import java.util.Base64;
import org.eclipse.milo.opcua.stack.core.util.CertificateUtil;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;

/**
 * An OPC UA application instance certificate (self-signed, RSA 2048, SHA-256) with its private key. Kept in a folder
 * as two owner-only files, the key in PKCS#8 PEM and the certificate in DER: the certificate is what a server's
 * administrator adds to the server's trusted list.
 *
 * @param applicationUri the URI in the certificate's subject alternative name, which the application must announce
 */
public record ApplicationCertificate(KeyPair keyPair, X509Certificate certificate, String applicationUri) {

    public static final String KEY_FILE = "application-key.pem";
    public static final String CERTIFICATE_FILE = "application-cert.der";
    private static final int KEY_BITS = 2048;
    /** OPC UA servers check a certificate's validity period; a gateway should not stop after a year or two. */
    private static final Period VALIDITY = Period.ofYears(10);

    /** A new certificate, not stored. */
    public static ApplicationCertificate create(String commonName, String applicationUri) {
        try {
            KeyPair keyPair = SelfSignedCertificateGenerator.generateRsaKeyPair(KEY_BITS);
            X509Certificate certificate = new SelfSignedCertificateBuilder(keyPair)
                    .setCommonName(commonName)
                    .setOrganization("alink-gateway")
                    .setApplicationUri(applicationUri)
                    .addDnsName("localhost")
                    .addIpAddress("127.0.0.1")
                    .setValidityPeriod(VALIDITY)
                    .build();
            return new ApplicationCertificate(keyPair, certificate, applicationUri);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create an application certificate: " + e.getMessage(), e);
        }
    }

    /**
     * The certificate kept in {@code dir}; created there (folder and files owner-only) when there is none. Only one
     * caller at a time creates it, so connectors starting together share one certificate.
     *
     * @throws IOException when it can neither be read nor created
     */
    public static synchronized ApplicationCertificate loadOrCreate(Path dir, String commonName,
                                                                   String applicationUri) throws IOException {
        Path keyFile = dir.resolve(KEY_FILE);
        Path certificateFile = dir.resolve(CERTIFICATE_FILE);
        if (Files.exists(keyFile) && Files.exists(certificateFile)) {
            OwnerOnly.existingFile(keyFile);
            return read(keyFile, certificateFile);
        }
        ApplicationCertificate created = create(commonName, applicationUri);
        OwnerOnly.folder(dir);
        try {
            // the certificate last: a crash in between leaves no certificate, and the next start creates both anew
            write(dir, keyFile, pem(created.keyPair.getPrivate()));
            write(dir, certificateFile, created.certificate.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot encode the application certificate: " + e.getMessage(), e);
        }
        return created;
    }

    private static ApplicationCertificate read(Path keyFile, Path certificateFile) throws IOException {
        try {
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(certificateFile)));
            String pem = Files.readString(keyFile, StandardCharsets.US_ASCII);
            byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
            PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
            String uri = CertificateUtil.getSanUri(certificate).orElseThrow(() -> new IOException(certificateFile
                    + " names no application URI"));
            return new ApplicationCertificate(new KeyPair(certificate.getPublicKey(), key), certificate, uri);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // the key's bytes are not quoted: the file is a secret
            throw new IOException("the application certificate in " + certificateFile.getParent()
                    + " cannot be read (" + e.getClass().getSimpleName() + "); remove " + KEY_FILE + " and "
                    + CERTIFICATE_FILE + " to have new ones made", e);
        }
    }

    private static byte[] pem(PrivateKey key) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded());
        return ("-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static void write(Path dir, Path file, byte[] bytes) throws IOException {
        Path temp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp", OwnerOnly.fileAttributes(dir));
        try {
            Files.write(temp, bytes);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
