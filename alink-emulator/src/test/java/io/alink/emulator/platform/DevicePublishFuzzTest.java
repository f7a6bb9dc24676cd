package io.alink.emulator.platform;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import io.alink.emulator.DeviceConfig;
import io.alink.emulator.Limits;
import io.alink.emulator.broker.BrokerDownlink;
import io.alink.emulator.broker.ConnectRequest;
import io.alink.emulator.config.DemoProducts;
import io.alink.emulator.store.PlatformStore;
import io.alink.protocol.AlinkFormatException;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.AlinkRequest;
import io.alink.protocol.DeviceId;
import io.alink.protocol.MqttCredentials;
import io.alink.protocol.ReplyCode;
import io.alink.protocol.SignMethod;
import io.alink.protocol.TopicFilters;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Fuzz target: any publish of a connected gateway. The platform throws nothing, logs no failure (WARN), and every
 * answer on a {@code _reply} topic or the error channel is a well-formed Alink reply to that request: id, code,
 * data and message, the request's id, and no 500 (a handler that broke).
 *
 * <p>An input is {@code topic \n payload}. The platform is the emulator's own with the demo products, its SQLite
 * store in a temporary folder and gw01 connected; the broker is a {@link Recorded} double that delivers nothing and
 * records what the platform sends. The platform's state carries over from one input to the next, as on a real
 * connection.
 */
class DevicePublishFuzzTest {

    private static final DeviceId GATEWAY = DeviceId.of(DemoProducts.GATEWAY_PRODUCT_KEY, "gw01");
    private static final Recorded BROKER = new Recorded();
    private static final ListAppender<ILoggingEvent> LOGGED = new ListAppender<>();

    @TempDir
    static Path dataDir;
    private static PlatformStore store;
    private static Platform platform;
    private static String clientId;

    @BeforeAll
    static void gatewayConnected() {
        Logger emulator = (Logger) LoggerFactory.getLogger("io.alink.emulator");
        emulator.setLevel(Level.WARN);
        emulator.addAppender(LOGGED);
        LOGGED.start();
        store = new PlatformStore(dataDir, Limits.PLATFORM.messageLogSize(), Limits.PLATFORM.messageLogBytes());
        platform = new Platform(Limits.PLATFORM, store, DemoProducts.products(),
                (firmwareId, device) -> "https://127.0.0.1/ota/files/" + firmwareId);
        platform.attach(BROKER);
        MqttCredentials gateway = MqttCredentials.forDevice(GATEWAY, secretOf(GATEWAY), SignMethod.HMAC_SHA1,
                "1", false, Map.of());
        clientId = gateway.clientId();
        assertThat(platform.authenticate(new ConnectRequest(clientId, gateway.username(),
                gateway.password().getBytes(StandardCharsets.UTF_8), 60, true, 4)).accepted()).isTrue();
        platform.onConnected(clientId);
    }

    @AfterAll
    static void closeStore() {
        store.close();
    }

    @FuzzTest
    void anyPublish(byte[] input) {
        int newline = indexOf(input, (byte) '\n');
        String topic = new String(input, 0, newline, StandardCharsets.UTF_8);
        byte[] payload = Arrays.copyOfRange(input, Math.min(newline + 1, input.length), input.length);
        BROKER.sent.clear();
        LOGGED.list.clear();

        if (platform.mayPublish(clientId, topic)) {
            platform.onPublish(clientId, topic, payload, 1);
            // replies leave once their writes are committed
            store.settled().join();
        }

        assertThat(LOGGED.list).extracting(ILoggingEvent::getFormattedMessage).isEmpty();
        String id = idOf(payload);
        for (Sent sent : BROKER.sent) {
            if (sent.topic().endsWith("_reply") || sent.topic().startsWith("/ext/error/")) {
                assertThat(sent.topic()).matches(t -> t.equals(topic + "_reply") || t.startsWith("/ext/error/"));
                assertWellFormedReply(sent.payload(), id);
            }
        }
    }

    private static void assertWellFormedReply(byte[] payload, String id) {
        JsonNode reply = AlinkJson.parse(payload);
        assertThat(reply.path("id").isTextual() && reply.path("id").asText().equals(id)).as("id %s", id).isTrue();
        assertThat(reply.path("code").isInt()).as("code").isTrue();
        assertThat(reply.has("data")).as("data").isTrue();
        assertThat(reply.path("message").isTextual()).as("message").isTrue();
        assertThat(reply.path("code").asInt()).isNotEqualTo(ReplyCode.SERVER_ERROR);
    }

    private static String idOf(byte[] payload) {
        try {
            return AlinkRequest.parse(payload).id();
        } catch (AlinkFormatException e) {
            return "";
        }
    }

    private static int indexOf(byte[] input, byte wanted) {
        for (int i = 0; i < input.length; i++) {
            if (input[i] == wanted) {
                return i;
            }
        }
        return input.length;
    }

    private static String secretOf(DeviceId device) {
        return DemoProducts.products().stream()
                .filter(product -> product.productKey().equals(device.productKey()))
                .flatMap(product -> product.devices().stream())
                .filter(d -> d.deviceName().equals(device.deviceName()))
                .map(DeviceConfig::deviceSecret).findFirst().orElseThrow();
    }

    record Sent(String clientId, String topic, byte[] payload) {
    }

    /** The broker side, done at once: the sends are kept, and what the real broker refuses is refused the same. */
    static final class Recorded implements BrokerDownlink {
        final Queue<Sent> sent = new ConcurrentLinkedQueue<>();

        @Override
        public CompletableFuture<Void> addServerSubscriptions(String clientId, Collection<String> topicFilters) {
            requireValidFilters(topicFilters);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> removeServerSubscriptions(String clientId, Collection<String> topicFilters) {
            requireValidFilters(topicFilters);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> send(String clientId, String topic, byte[] payload, int qos) {
            if (qos != 0 && qos != 1 || topic.isEmpty() || TopicFilters.hasWildcard(topic)) {
                throw new IllegalArgumentException("not a topic name or QoS the broker sends: " + topic + " " + qos);
            }
            sent.add(new Sent(clientId, topic, payload.clone()));
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> disconnect(String clientId) {
            return CompletableFuture.completedFuture(null);
        }

        private static void requireValidFilters(Collection<String> topicFilters) {
            List<String> invalid = new ArrayList<>(topicFilters);
            invalid.removeIf(TopicFilters::isValid);
            if (!invalid.isEmpty()) {
                throw new IllegalArgumentException("not topic filters: " + invalid);
            }
        }
    }
}
