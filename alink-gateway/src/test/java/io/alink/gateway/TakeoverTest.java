package io.alink.gateway;

import static io.alink.gateway.Futures.await;
import static io.alink.gateway.TestPlatform.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import io.alink.emulator.testing.DeviceIdentity;
import io.alink.emulator.testing.EmulatorExtension;
import io.alink.protocol.MqttCredentials;
import io.alink.protocol.SignMethod;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Another client connects with the gateway's identity, again and again: the platform (here the emulator) closes the
 * older connection each time, as it allows one per device.
 */
class TakeoverTest {

    private static final Duration FAST_MIN = Duration.ofMillis(20);
    private static final Duration FAST_MAX = Duration.ofMillis(100);

    @RegisterExtension
    static final EmulatorExtension emulator = TestPlatform.emulator();

    @TempDir
    Path store;

    private final List<Mqtt3BlockingClient> rivals = new ArrayList<>();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger reconnection = (Logger) LoggerFactory.getLogger(Reconnection.class);

    @AfterEach
    void disconnectTheRivals() {
        reconnection.detachAppender(log);
        rivals.forEach(rival -> {
            if (rival.getState().isConnected()) {
                rival.disconnect();
            }
        });
    }

    /** Connects a plain MQTT client with {@code device}'s identity, as a second process of the gateway would. */
    private void rivalConnects(DeviceIdentity device) {
        MqttCredentials credentials = MqttCredentials.forDevice(device.id(), device.deviceSecret(),
                SignMethod.HMAC_SHA256, Long.toString(System.currentTimeMillis()), false, Map.of());
        Mqtt3BlockingClient rival = MqttClient.builder().useMqttVersion3().identifier(credentials.clientId())
                .serverHost("127.0.0.1").serverPort(emulator.mqttPort()).buildBlocking();
        rivals.add(rival);
        rival.connectWith().cleanSession(true).simpleAuth().username(credentials.username())
                .password(credentials.password().getBytes(StandardCharsets.UTF_8)).applySimpleAuth().send();
    }

    @Test
    void givenAConnectedGateway_whenAnotherClientTakesItsIdentityOverRepeatedly_thenItReportsTheTakeoverAndBacksOff()
            throws Exception {
        log.start();
        reconnection.addAppender(log);
        DeviceIdentity gateway = emulator.newGateway();
        GatewayClient client = TestPlatform.client(emulator, config(emulator, gateway, store)
                .reconnectDelay(FAST_MIN, FAST_MAX));
        BlockingQueue<Throwable> losses = new LinkedBlockingQueue<>();
        client.addConnectionListener(new ConnectionListener() {
            @Override
            public void disconnected(Throwable cause) {
                losses.add(cause);
            }
        });
        await(client.connect());

        List<Throwable> causes = new ArrayList<>();
        for (int i = 0; i < Takeovers.CLOSES; i++) {
            await().atMost(30, TimeUnit.SECONDS).until(client::isConnected);
            rivalConnects(gateway);
            causes.add(losses.poll(30, TimeUnit.SECONDS));
        }

        assertThat(causes.subList(0, Takeovers.CLOSES - 1)).noneMatch(ConnectionTakenOverException.class::isInstance);
        assertThat(causes.get(Takeovers.CLOSES - 1)).isInstanceOf(ConnectionTakenOverException.class);
        ConnectionTakenOverException takeover = (ConnectionTakenOverException) causes.get(Takeovers.CLOSES - 1);
        assertThat(takeover.identity()).isEqualTo(gateway.id());
        assertThat(takeover.getMessage()).contains("another client with the same identity " + gateway.id()
                + " took this connection over", "stop the other client");
        assertThat(takeover.reconnectDelay()).as("longer than any ordinary reconnection").isGreaterThan(FAST_MAX);
        assertThat(log.list).anySatisfy(event -> assertThat(event.getFormattedMessage())
                .contains("lost its connection: another client with the same identity " + gateway.id()));
        // the client does not give up: once its wait is over, it takes the connection back
        await().atMost(30, TimeUnit.SECONDS).until(client::isConnected);
        assertThat(emulator.online(gateway.id())).isTrue();
    }
}
