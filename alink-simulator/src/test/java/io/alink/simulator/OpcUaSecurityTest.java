package io.alink.simulator;

import static io.alink.simulator.OpcUaFieldDevices.CELL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.alink.daemon.connector.Connector;
import io.alink.daemon.connector.FieldStatus;
import io.alink.daemon.connector.opcua.ApplicationCertificate;
import io.alink.daemon.connector.opcua.OpcUaSecurity;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Basic256Sha256 with SignAndEncrypt: the connector's own certificate, and the server's trusted only from trustDir. */
class OpcUaSecurityTest {


    @TempDir
    Path store;
    @TempDir
    Path trustDir;

    private final RecordingUplink uplink = new RecordingUplink();
    private OpcUaSimulator simulator;
    private Connector connector;

    @BeforeEach
    void serve() {
        simulator = OpcUaFieldDevices.simulator(0);
    }

    @AfterEach
    void stop() {
        if (connector != null) {
            connector.close();
        }
        simulator.close();
    }

    @Test
    void givenTheServersCertificateInTrustDir_whenConnecting_thenValuesArriveAndTheOwnCertificateIsOwnerOnly()
            throws Exception {
        Files.write(trustDir.resolve("simulator.der"), simulator.certificate().getEncoded());

        start(trusting(trustDir));

        await().atMost(30, TimeUnit.SECONDS).until(() -> uplink.latest(CELL).containsKey("Count"));
        Path own = store.resolve("opcua");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(own))).isEqualTo("rwx------");
        for (String file : List.of(ApplicationCertificate.KEY_FILE, ApplicationCertificate.CERTIFICATE_FILE)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(own.resolve(file))))
                    .as(file).isEqualTo("rw-------");
        }
    }

    @Test
    void givenAnEmptyTrustDir_whenConnecting_thenTheServerIsRefusedUntilItsSavedCertificateIsMovedThere()
            throws Exception {
        start(trusting(trustDir));

        await().atMost(30, TimeUnit.SECONDS).until(() -> uplink.links().contains("down " + CELL));
        // on a loaded machine an attempt may time out ("no answer in time") before one is refused: wait for the refusal
        FieldStatus refused = await().atMost(30, TimeUnit.SECONDS).until(() -> connector.status(CELL),
                status -> String.valueOf(status.lastError()).contains("Bad_CertificateUntrusted"));
        assertThat(refused.link()).isEqualTo(FieldStatus.Link.DOWN);
        assertThat(refused.lastError()).contains("Bad_CertificateUntrusted", "is not trusted");
        assertThat(uplink.reports(CELL)).isEmpty();
        Path saved;
        try (Stream<Path> rejected = Files.list(store.resolve("opcua").resolve("rejected"))) {
            saved = rejected.findFirst().orElseThrow();
        }
        assertThat(Files.readAllBytes(saved)).isEqualTo(simulator.certificate().getEncoded());

        Files.move(saved, trustDir.resolve(saved.getFileName()));

        await().atMost(30, TimeUnit.SECONDS).until(() -> uplink.latest(CELL).containsKey("Count"));
        assertThat(connector.status(CELL).link()).isEqualTo(FieldStatus.Link.UP);
    }

    private static OpcUaSecurity trusting(Path trustDir) {
        return new OpcUaSecurity(SecurityPolicy.Basic256Sha256, MessageSecurityMode.SignAndEncrypt, trustDir, false);
    }

    private void start(OpcUaSecurity security) {
        connector = OpcUaFieldDevices.connector(simulator.endpoint(), security)
                .create(uplink, new SimpleMeterRegistry(), store);
        connector.start();
    }
}
