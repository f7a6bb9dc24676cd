package io.alink.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.AlinkReply;
import io.alink.protocol.AlinkRequest;
import io.alink.protocol.AlinkTopic;
import io.alink.protocol.DeviceId;
import io.alink.protocol.MqttCredentials;
import io.alink.protocol.SignMethod;
import io.alink.protocol.SubDeviceEntries;
import io.alink.protocol.TopicKind;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The baseline: a bare HiveMQ MQTT 3.1.1 client presenting a device's Alink credentials, with nothing of the gateway
 * library. Where a baseline has to speak Alink (topology, login, property posts) it does the least a gateway must:
 * sign, publish, and match the reply by id.
 */
final class BareClient implements AutoCloseable {

    private static final long REQUEST_TIMEOUT_SECONDS = 30;
    private static final String SIGN_METHOD = "hmacSha256";

    private final DeviceId device;
    private final Mqtt3AsyncClient client;
    private final Map<String, CompletableFuture<AlinkReply>> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private volatile Consumer<String> listener = topic -> { };

    private BareClient(DeviceId device, Mqtt3AsyncClient client) {
        this.device = device;
        this.client = client;
        client.publishes(MqttGlobalPublishFilter.ALL, this::received);
    }

    /** Connects {@code device} with {@link BenchEmulator#SECRET}; completes once the CONNACK accepted it. */
    static CompletableFuture<BareClient> connect(int port, DeviceId device) {
        MqttCredentials credentials = MqttCredentials.forDevice(device, BenchEmulator.SECRET, SignMethod.HMAC_SHA256,
                Long.toString(System.currentTimeMillis()), false, Map.of());
        BareClient bare = new BareClient(device, Mqtt3Client.builder().identifier(credentials.clientId())
                .serverHost("127.0.0.1").serverPort(port).buildAsync());
        return bare.client.connectWith().keepAlive(300).cleanSession(true)
                .simpleAuth().username(credentials.username())
                .password(credentials.password().getBytes(StandardCharsets.UTF_8)).applySimpleAuth()
                .send().thenApply(ack -> bare);
    }

    DeviceId device() {
        return device;
    }

    /** Told the topic of every message that is not a reply to this client's requests. */
    void onMessage(Consumer<String> topicListener) {
        this.listener = topicListener;
    }

    CompletableFuture<?> publish(String topic, byte[] payload, int qos) {
        return client.publishWith().topic(topic).payload(payload).qos(MqttQos.fromCode(qos)).send();
    }

    void subscribe(String filter) {
        client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_MOST_ONCE).send().join();
    }

    /** Publishes a request (with the method of its topic's kind) and completes with the reply carrying its id. */
    CompletableFuture<AlinkReply> requestAsync(AlinkTopic topic, JsonNode params) {
        String method = topic.kind().hasDetail() ? topic.kind().method(topic.detail()) : topic.kind().method();
        String id = Long.toString(ids.incrementAndGet());
        CompletableFuture<AlinkReply> reply = new CompletableFuture<>();
        pending.put(id, reply);
        reply.whenComplete((r, e) -> pending.remove(id));
        publish(topic.topic(), AlinkRequest.of(id, method, params).toBytes(), 0).whenComplete((sent, error) -> {
            if (error != null) {
                reply.completeExceptionally(error);
            }
        });
        return reply.orTimeout(REQUEST_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** A request that must succeed. */
    AlinkReply request(AlinkTopic topic, JsonNode params) {
        AlinkReply reply = requestAsync(topic, params).join();
        if (!reply.isSuccess()) {
            throw new IllegalStateException(topic + " refused: " + reply.code() + " " + reply.message());
        }
        return reply;
    }

    /** Adds sub-devices to this gateway's topology, {@code batch} per request, one request at a time. */
    void addTopo(List<DeviceId> subDevices, int batch) {
        for (List<DeviceId> part : batches(subDevices, batch)) {
            request(AlinkTopic.of(TopicKind.TOPO_ADD, device), signedList(part));
        }
    }

    /** Logs sub-devices in with {@code combine/batch_login}, {@code batch} per request, one request at a time. */
    void login(List<DeviceId> subDevices, int batch) {
        for (List<DeviceId> part : batches(subDevices, batch)) {
            ObjectNode params = AlinkJson.object().put("signMethod", SIGN_METHOD);
            params.set("deviceList", signedList(part));
            request(AlinkTopic.of(TopicKind.BATCH_LOGIN, device), params);
        }
    }

    boolean isConnected() {
        return client.getState().isConnected();
    }

    CompletableFuture<Void> disconnect() {
        return isConnected() ? client.disconnect().exceptionally(alreadyGone -> null)
                : CompletableFuture.completedFuture(null);
    }

    @Override
    public void close() {
        disconnect().join();
    }

    private void received(Mqtt3Publish publish) {
        String topic = publish.getTopic().toString();
        if (topic.endsWith("_reply")) {
            AlinkReply reply = AlinkReply.parse(publish.getPayloadAsBytes());
            CompletableFuture<AlinkReply> waiting = pending.get(reply.id());
            if (waiting != null) {
                waiting.complete(reply);
            }
            return;
        }
        listener.accept(topic);
    }

    /** Signed entries that name their sign method each, so that topo/add and batch_login take the same list. */
    private static ArrayNode signedList(List<DeviceId> subDevices) {
        ArrayNode list = AlinkJson.nodes().arrayNode();
        for (DeviceId sub : subDevices) {
            list.add(SubDeviceEntries.signed(SignMethod.HMAC_SHA256, sub, BenchEmulator.SECRET,
                    sub.productKey() + "." + sub.deviceName(), Long.toString(System.currentTimeMillis()))
                    .put("signmethod", SIGN_METHOD));
        }
        return list;
    }

    private static <T> List<List<T>> batches(List<T> items, int size) {
        return java.util.stream.IntStream.range(0, (items.size() + size - 1) / size)
                .mapToObj(i -> items.subList(i * size, Math.min(items.size(), (i + 1) * size))).toList();
    }
}
