package io.alink.emulator.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.alink.emulator.DeviceView;
import io.alink.emulator.NodeType;
import io.alink.emulator.TestDevice;
import io.alink.emulator.config.DemoProducts;
import io.alink.protocol.DeviceId;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
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
}
