package io.alink.emulator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A certificate for 127.0.0.1 signed by itself, made with the JDK's keytool (the JDK has no API to make one): the
 * emulator's TLS identity in tests, in a PKCS12 keystore, and in PEM for a client to trust it by. Another subject
 * makes a certificate no server presents: a CA a test trusts in vain.
 */
public record SelfSignedCertificate(TemporaryFolder folder) implements AutoCloseable {

    static final String PASSWORD = "changeit";

    static SelfSignedCertificate create() {
        return create("CN=127.0.0.1");
    }

    /** A certificate with the subject {@code distinguishedName} (for 127.0.0.1), in a folder of its own. */
    public static SelfSignedCertificate create(String distinguishedName) {
        SelfSignedCertificate certificate = new SelfSignedCertificate(TemporaryFolder.create("alink-emulator-tls-"));
        try {
            keytool("-genkeypair", "-alias", "emulator", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                    "-dname", distinguishedName, "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
                    "-keystore", certificate.keystore().toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
            keytool("-exportcert", "-rfc", "-alias", "emulator", "-keystore", certificate.keystore().toString(),
                    "-storepass", PASSWORD, "-file", certificate.pem().toString());
            return certificate;
        } catch (RuntimeException e) {
            certificate.folder.delete();
            throw e;
        }
    }

    Path keystore() {
        return folder.path().resolve("emulator.p12");
    }

    /** The certificate in PEM, for a client's caFile. */
    public Path pem() {
        return folder.path().resolve("emulator.pem");
    }

    @Override
    public void close() {
        folder.delete();
    }

    private static void keytool(String... arguments) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (process.waitFor() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run keytool", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for keytool", e);
        }
    }
}
