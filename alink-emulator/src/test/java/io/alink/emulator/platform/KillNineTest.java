package io.alink.emulator.platform;

import static io.alink.emulator.TestProducts.gateway;
import static io.alink.emulator.TestProducts.secretOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import io.alink.emulator.Emulator;
import io.alink.emulator.MessageRecord;
import io.alink.emulator.TestDevice;
import io.alink.emulator.TestProducts;
import io.alink.protocol.DeviceId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A QoS 1 message is in the persisted log before its PUBACK leaves: killing the emulator right after loses none. */
class KillNineTest {

    @TempDir
    Path data;

    @Test
    void givenAcknowledgedQos1MessagesWhenTheEmulatorIsKilledThenItsRestartStillHasEveryOne() throws Exception {
        int acknowledged = 300;
        try (EmulatorProcess.Running emulator = EmulatorProcess.start(data)) {
            // not closed: its connection dies with the process
            TestDevice gw = TestDevice.connect(emulator.mqttPort(), gateway(1), secretOf(gateway(1)));
            for (int i = 0; i < acknowledged; i++) {
                // join() returns on PUBACK
                gw.publish("/sys/a1GwPk0001/gw1/thing/event/property/post",
                        ("{\"id\":\"k" + i + "\",\"params\":{\"n\":" + i + "}}").getBytes(StandardCharsets.UTF_8), 1);
            }
            emulator.kill();
        }
        try (Emulator restarted = Emulator.start(TestProducts.config().dataDir(data).build())) {
            List<MessageRecord> posts = restarted.admin().messages(gateway(1), 10_000).stream()
                    .filter(m -> m.topic().endsWith("/property/post")).toList();
            assertThat(posts).hasSize(acknowledged);
        }
    }

    @Test
    void givenQos1MessagesOfSeveralGatewaysInFlightAtOnceWhenKilledRightAfterTheirPubacksThenTheRestartHasEveryOne()
            throws Exception {
        int gateways = 3;
        int perGateway = 400;
        try (EmulatorProcess.Running emulator = EmulatorProcess.start(data)) {
            List<CompletableFuture<Mqtt3Publish>> pubacks = new ArrayList<>();
            for (int g = 1; g <= gateways; g++) {
                DeviceId id = gateway(g);
                // not closed: its connection dies with the process
                TestDevice gw = TestDevice.connect(emulator.mqttPort(), id, secretOf(id));
                for (int i = 0; i < perGateway; i++) {
                    // all sent at once, so that the emulator's writer commits many of them together
                    pubacks.add(gw.client().publishWith().topic(postTopic(id)).qos(MqttQos.AT_LEAST_ONCE)
                            .payload(("{\"id\":\"k" + i + "\",\"params\":{\"n\":" + i + "}}")
                                    .getBytes(StandardCharsets.UTF_8)).send());
                }
            }
            CompletableFuture.allOf(pubacks.toArray(CompletableFuture[]::new)).join();
            emulator.kill();
        }
        try (Emulator restarted = Emulator.start(TestProducts.config().dataDir(data).build())) {
            for (int g = 1; g <= gateways; g++) {
                String topic = postTopic(gateway(g));
                List<String> posts = restarted.admin().messages(gateway(g), 10_000).stream()
                        .filter(m -> m.topic().equals(topic))
                        .map(m -> new String(m.payload(), StandardCharsets.UTF_8)).toList();
                assertThat(posts).as("gateway %d", g).hasSize(perGateway)
                        .first().asString().contains("\"k0\"");
            }
        }
    }

    private static String postTopic(DeviceId gateway) {
        return "/sys/" + gateway.productKey() + "/" + gateway.deviceName() + "/thing/event/property/post";
    }
}
