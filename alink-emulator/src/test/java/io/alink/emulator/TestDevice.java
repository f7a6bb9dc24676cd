package io.alink.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAck;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAck;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.AlinkReply;
import io.alink.protocol.AlinkRequest;
import io.alink.protocol.AlinkTopic;
import io.alink.protocol.DeviceId;
import io.alink.protocol.MqttCredentials;
import io.alink.protocol.SignMethod;
import io.alink.protocol.Signing;
import io.alink.protocol.TopicKind;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;

/**
 * A device (usually a gateway) driven by a plain MQTT 3.1.1 client in tests: it speaks Alink by hand, so the tests
 * exercise the emulator and nothing of the gateway library. Every message it receives is kept.
 */
public final class TestDevice implements AutoCloseable {

    public record Received(String topic, byte[] payload) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        public JsonNode json() {
            return AlinkJson.parse(payload);
        }
    }

    private final DeviceId id;
    private final Mqtt3AsyncClient client;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong();

    private TestDevice(DeviceId id, Mqtt3AsyncClient client) {
        this.id = id;
        this.client = client;
        client.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL,
                p -> received.add(new Received(p.getTopic().toString(), p.getPayloadAsBytes())));
    }

    public static TestDevice connect(int port, DeviceId id, String secret) {
        return connect(port, MqttCredentials.forDevice(id, secret, SignMethod.HMAC_SHA256, "2524608000000", false,
                Map.of()), id, 60);
    }

    public static TestDevice connect(int port, MqttCredentials credentials, DeviceId id, int keepAlive) {
        TestDevice device = create(port, credentials, id);
        device.client.connectWith().keepAlive(keepAlive).cleanSession(true).simpleAuth()
                .username(credentials.username()).password(credentials.password().getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth().send().join();
        return device;
    }

    /** Attempts a CONNECT and returns the CONNACK or the refusal, without throwing. */
    public static Throwable tryConnect(int port, MqttCredentials credentials, DeviceId id, int keepAlive) {
        TestDevice device = create(port, credentials, id);
        try {
            Mqtt3ConnAck ack = device.client.connectWith().keepAlive(keepAlive).simpleAuth()
                    .username(credentials.username()).password(credentials.password().getBytes(StandardCharsets.UTF_8))
                    .applySimpleAuth().send().get(30, TimeUnit.SECONDS);
            device.close();
            return null;
        } catch (Exception e) {
            return e.getCause() != null ? e.getCause() : e;
        }
    }

    private static TestDevice create(int port, MqttCredentials credentials, DeviceId id) {
        Mqtt3AsyncClient client = Mqtt3Client.builder().identifier(credentials.clientId()).serverHost("127.0.0.1")
                .serverPort(port).buildAsync();
        return new TestDevice(id, client);
    }

    public DeviceId id() {
        return id;
    }

    public Mqtt3AsyncClient client() {
        return client;
    }

    public List<Received> received() {
        return received;
    }

    public void publish(String topic, byte[] payload, int qos) {
        client.publishWith().topic(topic).payload(payload).qos(MqttQos.fromCode(qos)).send().join();
    }

    public void publish(String topic, String payload) {
        publish(topic, payload.getBytes(StandardCharsets.UTF_8), 0);
    }

    /** Subscribes and returns the SUBACK, also when it refuses every filter (the client raises that as an error). */
    public Mqtt3SubAck subscribe(String filter) {
        try {
            return client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send().join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3SubAckException refused) {
                return refused.getMqttMessage();
            }
            throw e;
        }
    }

    /** Sends a request on {@code topic} and waits for the reply with the same id on its {@code _reply} topic. */
    public AlinkReply request(AlinkTopic topic, String method, JsonNode params) {
        return awaitReply(topic.replyTopic().topic(), send(topic, method, params));
    }

    /** Sends a request on {@code topic} without waiting for its reply ({@link #awaitReply}); returns its id. */
    public String send(AlinkTopic topic, String method, JsonNode params) {
        String id = Long.toString(ids.incrementAndGet());
        publish(topic.topic(), AlinkRequest.of(id, method, params).toBytes(), 0);
        return id;
    }

    public AlinkReply request(TopicKind kind, String method, JsonNode params) {
        return request(AlinkTopic.of(kind, id), method, params);
    }

    public AlinkReply awaitReply(String replyTopic, String id) {
        Received r = await(replyTopic, m -> AlinkReply.parse(m.payload()).id().equals(id));
        return AlinkReply.parse(r.payload());
    }

    /** Waits for a received message on {@code topic} (any topic when null) that matches. */
    public Received await(String topic, java.util.function.Predicate<Received> match) {
        return Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> received.stream()
                .filter(m -> topic == null || m.topic().equals(topic)).filter(match).findFirst().orElse(null),
                r -> r != null);
    }

    /** A signed topo/add or login entry for a sub-device, as the official C SDK builds it. */
    public static com.fasterxml.jackson.databind.node.ObjectNode signedEntry(DeviceId sub, String secret) {
        String clientId = sub.productKey() + "." + sub.deviceName();
        String timestamp = "1700000000000";
        com.fasterxml.jackson.databind.node.ObjectNode entry = AlinkJson.object();
        entry.put("productKey", sub.productKey());
        entry.put("deviceName", sub.deviceName());
        entry.put("clientId", clientId);
        entry.put("timestamp", timestamp);
        entry.put("signmethod", "hmacSha1");
        entry.put("sign", Signing.subDeviceSign(SignMethod.HMAC_SHA1, sub, secret, clientId, timestamp));
        return entry;
    }

    public boolean isConnected() {
        return client.getState().isConnected();
    }

    @Override
    public void close() {
        if (client.getState().isConnected()) {
            client.disconnect().join();
        }
    }
}
