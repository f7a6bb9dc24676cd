package io.alink.emulator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A certificate for 127.0.0.1 signed by itself, made with the JDK's keytool (the JDK has no API to make one): the
 * emulator's TLS identity in tests, and the PEM a client trusts it by. Both files live in a folder of their own.
 */
record SelfSignedCertificate(Path keystore, String password, Path pem) {

    private static final String PASSWORD = "changeit";

    static SelfSignedCertificate create() {
        try {
            Path folder = Files.createTempDirectory("alink-emulator-tls-");
            SelfSignedCertificate certificate = new SelfSignedCertificate(folder.resolve("emulator.p12"), PASSWORD,
                    folder.resolve("emulator.pem"));
            keytool("-genkeypair", "-alias", "emulator", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                    "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
                    "-keystore", certificate.keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
            keytool("-exportcert", "-rfc", "-alias", "emulator", "-keystore", certificate.keystore.toString(),
                    "-storepass", PASSWORD, "-file", certificate.pem.toString());
            return certificate;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a self-signed certificate", e);
        }
    }

    /** Deletes both files and their folder. */
    void delete() {
        try {
            Files.deleteIfExists(keystore);
            Files.deleteIfExists(pem);
            Files.deleteIfExists(keystore.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the certificate in " + keystore.getParent(), e);
        }
    }

    private static void keytool(String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        try {
            if (process.waitFor() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for keytool", e);
        }
    }
}
