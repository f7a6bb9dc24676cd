package io.alink.emulator.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alink.emulator.DeviceView;
import io.alink.emulator.NodeType;
import io.alink.emulator.TestDevice;
import io.alink.emulator.config.DemoProducts;
import io.alink.protocol.DeviceId;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The shared fixture: one emulator for the class and its nested classes, fresh devices that work. */
class EmulatorExtensionTest {

    @RegisterExtension
    static final EmulatorExtension emulator = EmulatorExtension.demo();

    private static int port;

    @BeforeAll
    static void rememberThePort() {
        port = emulator.mqttPort();
    }

    @Test
    void givenTheDemoProductsWhenAGatewayIsHandedOutThenItIsNewAndConnectsWithItsSecret() {
        DeviceIdentity gateway = emulator.newGateway();

        assertThat(gateway.productKey()).isEqualTo(DemoProducts.GATEWAY_PRODUCT_KEY);
        assertThat(gateway.deviceName()).isNotIn("gw01", "gw02");
        try (TestDevice connected = TestDevice.connect(emulator.mqttPort(), gateway.id(), gateway.deviceSecret())) {
            assertThat(connected.isConnected()).isTrue();
        }
    }

    @Test
    void givenSubDevicesHandedOutThenEachIsDistinctOfTheSubDeviceProductAndInNoTopology() {
        List<DeviceIdentity> subs = emulator.newSubDevices(3);

        assertThat(subs).extracting(DeviceIdentity::id).doesNotHaveDuplicates();
        assertThat(subs).allSatisfy(sub -> {
            DeviceView view = emulator.admin().device(sub.id()).orElseThrow();
            assertThat(view.nodeType()).isEqualTo(NodeType.SUB_DEVICE);
            assertThat(view.online()).isFalse();
            assertThat(sub.deviceSecret()).hasSize(32);
        });
    }

    @Test
    void givenAnUnregisteredDeviceThenThePlatformKnowsItWithoutASecret() {
        DeviceId device = emulator.newUnregisteredDevice(DemoProducts.SUB_DEVICE_PRODUCT_KEY);

        assertThat(emulator.admin().device(device)).isPresent();
        assertThat(emulator.newSubDevice().id()).isNotEqualTo(device);
    }

    /** Two nested classes: the end of the first must not close the emulator the second still uses. */
    @Nested
    class FirstNested {
        @Test
        void sharesTheEmulatorOfTheEnclosingClass() {
            assertThat(emulator.mqttPort()).isEqualTo(port);
            assertThat(emulator.admin().device(emulator.newGateway().id())).isPresent();
        }
    }

    @Nested
    class SecondNested {
        @Test
        void stillHasItRunning() {
            DeviceIdentity gateway = emulator.newGateway();
            try (TestDevice connected = TestDevice.connect(port, gateway.id(), gateway.deviceSecret())) {
                assertThat(connected.isConnected()).isTrue();
            }
        }
    }

    /** What a test hands over is closed after it: the next test sees it closed. */
    @Nested
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    class ClosingAfterATest {
        private static final AtomicBoolean CLOSED = new AtomicBoolean();

        @Test
        @Order(1)
        void givenAResourceHandedOver_whenTheTestEnds_thenItIsNotClosedYet() {
            emulator.closeAfterTest(() -> CLOSED.set(true));

            assertThat(CLOSED).isFalse();
        }

        @Test
        @Order(2)
        void thenTheNextTestFindsItClosed() {
            assertThat(CLOSED).isTrue();
        }
    }

    /** On an instance field: an emulator for each test, that the test may stop and restart. */
    @Nested
    class OwnedByATest {
        @RegisterExtension
        final EmulatorExtension own = EmulatorExtension.demo();

        @Test
        void givenADevice_whenTheEmulatorIsStoppedAndRestarted_thenItIsBackOnTheSamePortAndKnowsTheDevice() {
            DeviceIdentity gateway = own.newGateway();
            int mqttPort = own.mqttPort();

            own.stop();
            assertThatThrownBy(own::mqttPort).isInstanceOf(IllegalStateException.class).hasMessageContaining("stopped");
            own.restart();

            assertThat(own.mqttPort()).isEqualTo(mqttPort).isNotEqualTo(port);
            try (TestDevice connected = TestDevice.connect(mqttPort, gateway.id(), gateway.deviceSecret())) {
                assertThat(connected.isConnected()).isTrue();
            }
        }

        @Test
        void givenAnExtensionNotRegistered_whenRestarting_thenItSaysHowToRegisterIt() {
            EmulatorExtension unregistered = EmulatorExtension.demo();

            assertThatThrownBy(unregistered::restart).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("@RegisterExtension");
        }
    }

    @Nested
    class WithTls {
        @RegisterExtension
        final EmulatorExtension secure = EmulatorExtension.demo().withTls();

        @Test
        void givenTls_whenStarted_thenATlsListenerServesACertificateFor127001() throws Exception {
            X509Certificate certificate;
            try (InputStream pem = Files.newInputStream(secure.tlsCertificate())) {
                certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(pem);
            }

            assertThat(secure.mqttTlsPort()).isPositive().isNotEqualTo(secure.mqttPort());
            assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=127.0.0.1");
        }
    }
}
