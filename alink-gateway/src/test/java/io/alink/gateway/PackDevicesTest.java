package io.alink.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alink.protocol.AlinkFormatException;
import io.alink.protocol.AlinkRequest;
import io.alink.protocol.DeviceId;
import io.alink.protocol.PackPost;
import io.alink.protocol.TopicKind;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sub-devices of a journaled pack, read without its values. */
class PackDevicesTest {

    private static final DeviceId SUB1 = DeviceId.of("a1SubPk001", "sub01");
    private static final DeviceId SUB2 = DeviceId.of("a1SubPk001", "sub02");

    @Test
    void givenAJournaledPack_whenScanned_thenItsSubDevicesInTheirOrder() {
        PackPost pack = PackPost.builder()
                .property("Power", "on", 1)
                .properties(SUB2, Map.of("Temperature", 21.5, "Nested", Map.of("a", Map.of("b", 1))), 2)
                .event(SUB1, "alarm", Map.of("identity", Map.of("productKey", "a1Other001", "deviceName", "x1")), 3)
                .build();
        byte[] envelope = new AlinkRequest("7", AlinkRequest.VERSION, pack.params(),
                TopicKind.PROPERTY_PACK_POST.method(), 0).toBytes();

        assertThat(PackDevices.of(envelope)).containsExactly(SUB2, SUB1);
    }

    @Test
    void givenAPackOfTheGatewayAlone_whenScanned_thenNoSubDevice() {
        assertThat(PackDevices.of(bytes("{\"id\":\"1\",\"params\":{\"properties\":{\"P\":{\"value\":1,\"time\":1}},"
                + "\"subDevices\":[]}}"))).isEmpty();
        assertThat(PackDevices.of(bytes("{\"id\":\"1\",\"params\":[1,2],\"method\":\"m\"}"))).isEmpty();
    }

    @Test
    void givenAnEntryWithoutAValidIdentityOrNotJson_whenScanned_thenRefusedAsTheFullParseWould() {
        assertThatThrownBy(() -> PackDevices.of(bytes("{\"params\":{\"subDevices\":[{\"identity\":"
                + "{\"productKey\":\"a/b\",\"deviceName\":\"sub01\"}}]}}"))).isInstanceOf(AlinkFormatException.class);
        assertThatThrownBy(() -> PackDevices.of(bytes("{\"params\":{\"subDevices\":[{\"properties\":{}}]}}")))
                .isInstanceOf(AlinkFormatException.class);
        assertThatThrownBy(() -> PackDevices.of(bytes("{\"params\":{\"subDevices\":[7]}}")))
                .isInstanceOf(AlinkFormatException.class);
        assertThatThrownBy(() -> PackDevices.of(bytes("{\"params\":{\"subDevices\":[{\"identity\":"))).isInstanceOf(
                AlinkFormatException.class);
        assertThatThrownBy(() -> PackDevices.of(bytes("[]"))).isInstanceOf(AlinkFormatException.class);
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
