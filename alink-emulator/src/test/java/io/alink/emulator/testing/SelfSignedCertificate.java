package io.alink.emulator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A certificate for 127.0.0.1 signed by itself, made with the JDK's keytool (the JDK has no API to make one): the
 * emulator's TLS identity in tests, in a PKCS12 keystore, and in PEM for a client to trust it by.
 */
record SelfSignedCertificate(TemporaryFolder folder) {

    static final String PASSWORD = "changeit";

    static SelfSignedCertificate create() {
        SelfSignedCertificate certificate = new SelfSignedCertificate(TemporaryFolder.create("alink-emulator-tls-"));
        try {
            keytool("-genkeypair", "-alias", "emulator", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                    "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
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

    Path pem() {
        return folder.path().resolve("emulator.pem");
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
