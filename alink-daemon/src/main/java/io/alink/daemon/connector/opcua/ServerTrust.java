package io.alink.daemon.connector.opcua;

import io.alink.gateway.store.OwnerOnly;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.CertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.DefaultClientCertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.MemoryTrustListManager;
import org.eclipse.milo.opcua.stack.core.util.CertificateUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which server certificates a connector trusts: those in {@code trustDir} (DER or PEM files, read at every
 * connection, so adding one needs no restart) and passing Milo's checks (chain, validity period; Milo's default
 * only logs a host name or application URI that does not match); or any at all with {@code trustAll}. A
 * certificate that is not trusted is saved in the {@code rejected} folder, from where an administrator who trusts
 * it moves it to {@code trustDir}.
 */
final class ServerTrust implements CertificateValidator {

    private static final Logger LOG = LoggerFactory.getLogger(ServerTrust.class);

    private final Path trustDir;
    private final boolean trustAll;
    private final Path rejectedDir;

    ServerTrust(OpcUaSecurity security, Path rejectedDir) {
        this.trustDir = security.trustDir();
        this.trustAll = security.trustAll();
        this.rejectedDir = rejectedDir;
    }

    @Override
    public void validateCertificateChain(List<X509Certificate> chain, String applicationUri,
                                         String[] validHostNames) throws UaException {
        if (trustAll) {
            return;
        }
        List<X509Certificate> trusted = trusted();
        MemoryTrustListManager trustList = new MemoryTrustListManager();
        trustList.setTrustedCertificates(trusted);
        try {
            new DefaultClientCertificateValidator(trustList, new MemoryCertificateQuarantine())
                    .validateCertificateChain(chain, applicationUri, validHostNames);
        } catch (UaException e) {
            X509Certificate certificate = chain.get(0);
            String why = trusted.contains(certificate) ? e.getMessage() : "it is not in trustDir " + trustDir;
            throw new UaException(StatusCodes.Bad_CertificateUntrusted, "the server's certificate ("
                    + certificate.getSubjectX500Principal().getName() + ") is not trusted: " + why
                    + save(certificate));
        }
    }

    private List<X509Certificate> trusted() throws UaException {
        List<X509Certificate> certificates = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(trustDir)) {
            for (Path file : files) {
                if (!Files.isRegularFile(file)) {
                    continue;
                }
                try {
                    certificates.addAll(CertificateUtil.decodeCertificates(Files.readAllBytes(file)));
                } catch (UaException | IOException e) {
                    LOG.debug("{} holds no certificate: {}", file, e.toString());
                }
            }
        } catch (IOException e) {
            throw new UaException(StatusCodes.Bad_CertificateUntrusted, "trustDir " + trustDir
                    + " cannot be read: " + e.getMessage());
        }
        return certificates;
    }

    /** Saves a rejected certificate under its SHA-1 thumbprint; what the message should add about it. */
    private String save(X509Certificate certificate) {
        if (rejectedDir == null) {
            return "";
        }
        try {
            byte[] der = certificate.getEncoded();
            Path file = rejectedDir.resolve(HexFormat.of().formatHex(CertificateUtil.thumbprint(certificate)
                    .bytesOrEmpty()) + ".der");
            OwnerOnly.folder(rejectedDir);
            if (!Files.exists(file)) {
                Files.write(file, der);
            }
            return "; it is saved as " + file + ": move it to " + trustDir + " to trust it";
        } catch (IOException | CertificateEncodingException | UaException e) {
            LOG.debug("Keeping the rejected certificate: {}", e.toString());
            return "";
        }
    }
}
