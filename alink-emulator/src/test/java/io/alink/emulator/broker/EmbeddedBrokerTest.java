package io.alink.emulator.broker;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3ClientBuilder;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3SubAckException;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAck;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAckReturnCode;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EmbeddedBrokerTest {

    private static final String KEYSTORE_PASSWORD = "broker-secret";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    static Path tempDir;

    private static final PlatformDouble platform = new PlatformDouble();
    private static Path keystore;
    private static EmbeddedBroker broker;

    private final List<Device> devices = new ArrayList<>();

    @BeforeAll
    static void startBroker() throws Exception {
        keystore = selfSignedKeystore(tempDir.resolve("broker.p12"));
        broker = EmbeddedBroker.start(BrokerSettings.defaults().withTls(0, keystore, KEYSTORE_PASSWORD), platform);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @BeforeEach
    void resetPlatform() {
        platform.reset();
    }

    @AfterEach
    void disconnectDevices() {
        devices.forEach(Device::close);
        // the platform hears of a disconnection after DISCONNECT returns: unawaited, it lands in the next test's record
        await().atMost(TIMEOUT).until(() -> devices.stream().allMatch(device ->
                count("connected:" + device.clientId) == count("disconnected:" + device.clientId)));
    }

    private static long count(String event) {
        return platform.events.stream().filter(event::equals).count();
    }

    @Test
    void givenPlatformAccepts_whenDeviceConnects_thenItIsConnectedAndPlatformSawTheConnectFields() {
        Device device = device("accepted");

        device.connect();

        assertThat(platform.requests).singleElement().satisfies(request -> {
            assertThat(request.clientId()).isEqualTo("accepted");
            assertThat(request.username()).isEqualTo("dn&pk");
            assertThat(new String(request.password(), UTF_8)).isEqualTo("sign");
            assertThat(request.keepAliveSeconds()).isEqualTo(60);
            assertThat(request.cleanSession()).isTrue();
            assertThat(request.protocolLevel()).isEqualTo(4);
        });
        await().atMost(TIMEOUT).until(() -> broker.isConnected("accepted"));
        assertThat(platform.events).containsExactly("connected:accepted");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"IDENTIFIER_REJECTED, 2", "SERVER_UNAVAILABLE, 3", "BAD_USERNAME_OR_PASSWORD, 4", "NOT_AUTHORIZED, 5"})
    void givenPlatformRefuses_whenMqtt311DeviceConnects_thenItSeesTheMatchingReturnCode(
            ConnectDecision.Refusal refusal, int expectedReturnCode) {
        platform.refusals.put("refused-" + refusal, refusal);
        Device device = device("refused-" + refusal);

        assertThatThrownBy(device::connect)
                .isInstanceOfSatisfying(Mqtt3ConnAckException.class,
                        e -> assertThat(e.getMqttMessage().getReturnCode().getCode()).isEqualTo(expectedReturnCode));
        assertThat(broker.isConnected("refused-" + refusal)).isFalse();
        assertThat(platform.events).isEmpty();
    }

    @Test
    void givenEmptyClientId_whenDeviceConnects_thenIdentifierIsRejectedWithoutAskingThePlatform() {
        Device anonymous = device("");

        assertThatThrownBy(anonymous::connect)
                .isInstanceOfSatisfying(Mqtt3ConnAckException.class,
                        e -> assertThat(e.getMqttMessage().getReturnCode().getCode()).isEqualTo(2));
        assertThat(platform.requests).isEmpty();
    }

    @Test
    void givenOneForbiddenFilter_whenDeviceSubscribesToItAndAnAllowedOneTogether_thenOnlyTheForbiddenOneFails() {
        platform.forbiddenFilters.add("/pk/other/user/#");
        Device device = connected("subscriber");

        // the client library reports a SUBACK with any failure code as an exception
        assertThatThrownBy(() -> device.client.subscribeWith()
                .addSubscription().topicFilter("/pk/subscriber/user/get").qos(MqttQos.AT_LEAST_ONCE).applySubscription()
                .addSubscription().topicFilter("/pk/other/user/#").qos(MqttQos.AT_LEAST_ONCE).applySubscription()
                .send())
                .isInstanceOfSatisfying(Mqtt3SubAckException.class, e -> assertThat(e.getMqttMessage().getReturnCodes())
                        .containsExactly(Mqtt3SubAckReturnCode.SUCCESS_MAXIMUM_QOS_1, Mqtt3SubAckReturnCode.FAILURE));
        assertThat(device.client.getState().isConnected()).isTrue();
    }

    @Test
    void givenForbiddenTopic_whenDevicePublishesToIt_thenMessageIsDroppedQos1IsAckedAndDeviceStaysConnected() {
        platform.forbiddenTopics.add("/pk/victim/user/get");
        Device listener = connected("victim");
        listener.subscribe("/pk/victim/user/get");
        Device attacker = connected("attacker");

        attacker.publish("/pk/victim/user/get", "qos1", MqttQos.AT_LEAST_ONCE);
        attacker.publish("/pk/victim/user/get", "qos0", MqttQos.AT_MOST_ONCE);
        attacker.publish("/pk/attacker/user/update", "allowed", MqttQos.AT_LEAST_ONCE);

        assertThat(attacker.client.getState().isConnected()).isTrue();
        assertThat(platform.payloadsFrom("attacker")).containsExactly("allowed");
        listener.assertNoMessage();
    }

    @Test
    void givenPlatformConsumesSystemTopics_whenDevicePublishes_thenOnlyCustomTopicMessagesReachSubscribers() {
        Device subscriber = connected("app");
        subscriber.subscribe("/sys/pk/sensor/thing/event/property/post");
        subscriber.subscribe("/pk/sensor/user/update");
        Device sensor = connected("sensor");

        sensor.publish("/sys/pk/sensor/thing/event/property/post", "consumed", MqttQos.AT_LEAST_ONCE);
        sensor.publish("/pk/sensor/user/update", "routed", MqttQos.AT_LEAST_ONCE);

        assertThat(platform.payloadsFrom("sensor")).containsExactly("consumed", "routed");
        Mqtt3Publish received = subscriber.nextMessage();
        assertThat(received.getTopic().toString()).isEqualTo("/pk/sensor/user/update");
        assertThat(new String(received.getPayloadAsBytes(), UTF_8)).isEqualTo("routed");
        subscriber.assertNoMessage();
    }

    @Test
    void givenSlowPlatform_whenDevicePublishesQos1_thenPubackArrivesOnlyAfterOnPublishReturned() {
        platform.publishDelay = Duration.ofMillis(300);
        Device device = connected("durable");

        long sentAt = System.nanoTime();
        device.publish("/sys/pk/durable/thing/event/property/post", "persist me", MqttQos.AT_LEAST_ONCE);
        long ackedAt = System.nanoTime();

        Message message = platform.messagesFrom("durable").get(0);
        assertThat(ackedAt).isGreaterThan(message.returnedAt());
        assertThat(Duration.ofNanos(ackedAt - sentAt)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void givenCommitPending_whenDevicePublishesQos1_thenSubscribersHaveItButThePubackWaitsForTheCommit() {
        platform.holdCommits = true;
        Device subscriber = connected("reader");
        subscriber.subscribe("/pk/writer/user/update");
        Device writer = connected("writer");

        CompletableFuture<Mqtt3Publish> puback = writer.client.toAsync().publishWith().topic("/pk/writer/user/update")
                .qos(MqttQos.AT_LEAST_ONCE).payload("pending".getBytes(UTF_8)).send();

        assertThat(new String(subscriber.nextMessage().getPayloadAsBytes(), UTF_8)).isEqualTo("pending");
        await().during(Duration.ofMillis(300)).atMost(TIMEOUT).until(() -> !puback.isDone());
        platform.uncommitted.forEach(commit -> commit.complete(null));
        assertThat(puback).succeedsWithin(TIMEOUT);
    }

    @Test
    void givenCommitsPending_whenDeviceHasManyQos1InFlight_thenItsNextMessagesAreTakenBeforeTheFirstIsCommitted() {
        platform.holdCommits = true;
        Device device = connected("batch");

        List<CompletableFuture<Mqtt3Publish>> pubacks = IntStream.range(0, 100)
                .mapToObj(i -> device.client.toAsync().publishWith().topic("/pk/batch/user/update")
                        .qos(MqttQos.AT_LEAST_ONCE).payload(Integer.toString(i).getBytes(UTF_8)).send())
                .toList();

        await().atMost(TIMEOUT).until(() -> platform.messagesFrom("batch").size() > 1);
        assertThat(pubacks).noneMatch(CompletableFuture::isDone);
        await().atMost(TIMEOUT).until(() -> {
            platform.uncommitted.forEach(commit -> commit.complete(null));
            return pubacks.stream().allMatch(CompletableFuture::isDone);
        });
        assertThat(platform.payloadsFrom("batch"))
                .containsExactlyElementsOf(IntStream.range(0, 100).mapToObj(Integer::toString).toList());
    }

    /**
     * MQTT 3.1.1 (4.6) asks for PUBACKs in the order of the PUBLISHes. The client library's futures cannot show the
     * order on the wire, so this device speaks MQTT over a plain socket: the few packets it needs are fixed bytes.
     */
    @Test
    void givenCommitsCompletingInReverse_whenADeviceHasManyQos1InFlight_thenItsPubacksLeaveInPublishOrder()
            throws Exception {
        platform.holdCommits = true;
        int count = 20;
        try (Socket socket = new Socket("127.0.0.1", broker.port())) {
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            DataInputStream in = new DataInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            out.write(RawMqtt.connect("raw", "dn&pk", "sign"));
            assertThat(in.readNBytes(4)).as("CONNACK, accepted").containsExactly(0x20, 0x02, 0x00, 0x00);
            ByteArrayOutputStream publishes = new ByteArrayOutputStream();
            for (int packetId = 1; packetId <= count; packetId++) {
                publishes.writeBytes(RawMqtt.publishQos1("/pk/raw/user/update", packetId, Integer.toString(packetId)));
            }
            // in one write, as a client with many in flight sends them
            out.write(publishes.toByteArray());
            CompletableFuture<List<Integer>> pubacks = CompletableFuture.supplyAsync(() -> RawMqtt.pubacks(in, count));
            // a waiting PUBACK holds the device's later messages back: they are taken in waves, the first of several
            await().atMost(TIMEOUT).until(() -> platform.uncommitted.size() > 1);

            await().atMost(TIMEOUT).until(() -> {
                List<CompletableFuture<Void>> pending = platform.uncommitted.stream()
                        .filter(commit -> !commit.isDone()).toList();
                for (int i = pending.size() - 1; i >= 0; i--) {
                    pending.get(i).complete(null);
                }
                return pubacks.isDone();
            });
            assertThat(pubacks.join()).containsExactlyElementsOf(IntStream.rangeClosed(1, count).boxed().toList());
            out.write(RawMqtt.DISCONNECT);
        }
        await().atMost(TIMEOUT).until(() -> count("disconnected:raw") == 1);
    }

    @Test
    void givenManyMessagesInFlight_whenDevicesPublish_thenPlatformSeesEachDevicesMessagesOneAtATimeInOrder() {
        platform.publishDelay = Duration.ofMillis(1);
        List<Device> publishers = List.of(connected("burst-1"), connected("burst-2"), connected("burst-3"));
        int count = 100;

        List<CompletableFuture<Mqtt3Publish>> acks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            for (Device publisher : publishers) {
                acks.add(publisher.client.toAsync().publishWith()
                        .topic("/sys/pk/" + publisher.clientId + "/thing/event/property/post")
                        .qos(i % 2 == 0 ? MqttQos.AT_LEAST_ONCE : MqttQos.AT_MOST_ONCE)
                        .payload(Integer.toString(i).getBytes(UTF_8))
                        .send());
            }
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).join();

        List<String> expected = IntStream.range(0, count).mapToObj(Integer::toString).toList();
        for (Device publisher : publishers) {
            await().atMost(TIMEOUT).until(() -> platform.messagesFrom(publisher.clientId).size() == count);
            assertThat(platform.payloadsFrom(publisher.clientId)).containsExactlyElementsOf(expected);
        }
        assertThat(platform.maxConcurrentPerClient.get()).isEqualTo(1);
    }

    @Test
    void givenQos2_whenDeviceSubscribes_thenGrantedQos1_andWhenItPublishes_thenOnlyItIsDisconnected() {
        Device bystander = connected("bystander");
        Device device = connected("qos2");

        Mqtt3SubAck subAck = device.client.subscribeWith()
                .topicFilter("/pk/qos2/user/get").qos(MqttQos.EXACTLY_ONCE).send();
        assertThat(subAck.getReturnCodes()).containsExactly(Mqtt3SubAckReturnCode.SUCCESS_MAXIMUM_QOS_1);

        assertThatThrownBy(() -> device.publish("/pk/qos2/user/update", "exactly once", MqttQos.EXACTLY_ONCE))
                .isInstanceOf(RuntimeException.class);

        await().atMost(TIMEOUT).until(() -> !device.client.getState().isConnected());
        await().atMost(TIMEOUT).until(() -> !broker.isConnected("qos2"));
        assertThat(platform.messagesFrom("qos2")).isEmpty();
        assertThat(bystander.client.getState().isConnected()).isTrue();
    }

    @Test
    void givenServerSideSubscription_whenPlatformSends_thenDeviceReceivesWithoutEverSubscribing() throws Exception {
        Device device = connected("auto");
        Device eavesdropper = connected("eavesdropper");
        eavesdropper.subscribe("/sys/pk/auto/thing/#");

        broker.addServerSubscriptions("auto", List.of("/sys/pk/auto/thing/#", "/ext/ntp/pk/auto/response"))
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        broker.send("auto", "/sys/pk/auto/thing/service/property/set", "{\"id\":\"1\"}".getBytes(UTF_8), 1)
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

        Mqtt3Publish received = device.nextMessage();
        assertThat(received.getTopic().toString()).isEqualTo("/sys/pk/auto/thing/service/property/set");
        assertThat(received.getQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
        assertThat(new String(received.getPayloadAsBytes(), UTF_8)).isEqualTo("{\"id\":\"1\"}");
        eavesdropper.assertNoMessage();
    }

    @Test
    void givenServerSideSubscriptionToCustomTopics_whenAnotherDevicePublishes_thenItIsRoutedUntilRemoved()
            throws Exception {
        Device app = connected("app-server");
        Device sensor = connected("sensor-custom");
        broker.addServerSubscriptions("app-server", List.of("/pk/sensor-custom/user/#"))
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

        sensor.publish("/pk/sensor-custom/user/update", "routed", MqttQos.AT_LEAST_ONCE);
        assertThat(new String(app.nextMessage().getPayloadAsBytes(), UTF_8)).isEqualTo("routed");

        broker.removeServerSubscriptions("app-server", List.of("/pk/sensor-custom/user/#"))
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        sensor.publish("/pk/sensor-custom/user/update", "not any more", MqttQos.AT_LEAST_ONCE);
        app.assertNoMessage();
    }

    @Test
    void givenFilterWithPartialLevelWildcard_whenPlatformAddsIt_thenItIsRejected() {
        connected("partial");

        assertThatThrownBy(() -> broker.addServerSubscriptions("partial", List.of("/sys/pk/partial/thing/+_reply")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenNoMatchingSubscription_whenPlatformSends_thenDeviceStillReceivesIt() throws Exception {
        Device device = connected("bare");
        device.subscribe("/sys/pk/bare/thing/#");
        device.client.unsubscribeWith().topicFilter("/sys/pk/bare/thing/#").send();

        broker.send("bare", "/sys/pk/bare/thing/service/property/set", "a".getBytes(UTF_8), 1)
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        broker.send("bare", "/ext/rrpc/42/sys/pk/bare/thing/service/x", "b".getBytes(UTF_8), 0)
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

        assertThat(new String(device.nextMessage().getPayloadAsBytes(), UTF_8)).isEqualTo("a");
        Mqtt3Publish rrpc = device.nextMessage();
        assertThat(rrpc.getTopic().toString()).isEqualTo("/ext/rrpc/42/sys/pk/bare/thing/service/x");
        assertThat(rrpc.getQos()).isEqualTo(MqttQos.AT_MOST_ONCE);
    }

    @Test
    void givenPlatformRepliesInsideOnConnected_whenDeviceConnects_thenTheReplyArrivesAfterTheConnack() {
        List<CompletableFuture<Void>> sends = new CopyOnWriteArrayList<>();
        platform.onConnected = clientId -> {
            broker.addServerSubscriptions(clientId, List.of("/sys/pk/" + clientId + "/thing/#"));
            sends.add(broker.send(clientId, "/sys/pk/" + clientId + "/thing/welcome", "hi".getBytes(UTF_8), 1));
        };

        Device device = connected("eager");

        assertThat(new String(device.nextMessage().getPayloadAsBytes(), UTF_8)).isEqualTo("hi");
        assertThat(sends).singleElement().satisfies(send -> assertThat(send).succeedsWithin(TIMEOUT));
        assertThat(device.client.getState().isConnected()).isTrue();
    }

    @Test
    void givenOfflineDevice_whenPlatformSends_thenItFailsWithClientOffline() {
        assertThat(broker.send("nobody", "/sys/pk/nobody/thing/x", new byte[0], 0))
                .failsWithin(TIMEOUT).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(ClientOfflineException.class);
        assertThat(broker.send("nobody", "/sys/pk/nobody/thing/x", new byte[0], 1))
                .failsWithin(TIMEOUT).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(ClientOfflineException.class);
    }

    @Test
    void givenConnectedDevice_whenPlatformDisconnectsIt_thenConnectionClosesAndPlatformSawTheDisconnect()
            throws Exception {
        Device device = connected("kicked");

        broker.disconnect("kicked").get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

        assertThat(platform.events).containsExactly("connected:kicked", "disconnected:kicked");
        assertThat(broker.isConnected("kicked")).isFalse();
        await().atMost(TIMEOUT).until(() -> !device.client.getState().isConnected());
    }

    @Test
    void givenConnectedDevice_whenAnotherConnectsWithTheSameClientId_thenPlatformSeesDisconnectBeforeConnect() {
        Device first = connected("twin");
        Device second = connected("twin");

        await().atMost(TIMEOUT).until(() -> !first.client.getState().isConnected());
        await().atMost(TIMEOUT).until(() -> platform.events.size() == 3);
        assertThat(platform.events).containsExactly("connected:twin", "disconnected:twin", "connected:twin");
        assertThat(broker.isConnected("twin")).isTrue();
        assertThat(second.client.getState().isConnected()).isTrue();
    }

    @Test
    void givenSelfSignedTlsListener_whenDeviceTrustingTheCertificateConnects_thenItCanPublish() throws Exception {
        assertThat(broker.tlsPort()).isPresent();
        Device device = device("secure", client("secure", broker.tlsPort().getAsInt()).sslConfig(trusting(keystore)));

        device.connect();
        device.publish("/sys/pk/secure/thing/event/property/post", "over tls", MqttQos.AT_LEAST_ONCE);

        assertThat(platform.payloadsFrom("secure")).containsExactly("over tls");
    }

    @Test
    void givenDynamicRegistration_whenPlatformSendsTheSecretThenDisconnects_thenDeviceGetsItBeforeTheClose()
            throws Exception {
        for (int attempt = 0; attempt < 20; attempt++) {
            String clientId = "registering-" + attempt;
            Device device = connected(clientId);

            broker.send(clientId, "/ext/register", ("secret-" + attempt).getBytes(UTF_8), attempt % 2)
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            broker.disconnect(clientId).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

            assertThat(new String(device.nextMessage().getPayloadAsBytes(), UTF_8)).isEqualTo("secret-" + attempt);
            await().atMost(TIMEOUT).until(() -> !device.client.getState().isConnected());
        }
    }

    @Test
    void givenDeviceWithALastWill_whenItsConnectionIsClosed_thenNoWillIsPublished() throws Exception {
        Device listener = connected("will-listener");
        listener.subscribe("/pk/mortal/user/will");
        Device mortal = connected(device("mortal", client("mortal", broker.port())
                .willPublish().topic("/pk/mortal/user/will").payload("gone".getBytes(UTF_8)).applyWillPublish()));

        broker.disconnect("mortal").get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

        await().atMost(TIMEOUT).until(() -> !mortal.client.getState().isConnected());
        listener.assertNoMessage();
    }

    @Test
    void givenRetainedPublish_whenADeviceSubscribesLater_thenItGetsNothingRetained() {
        Device keeper = connected("keeper");
        keeper.client.publishWith().topic("/pk/keeper/user/update").qos(MqttQos.AT_LEAST_ONCE).retain(true)
                .payload("retained?".getBytes(UTF_8)).send();

        Device latecomer = connected("latecomer");
        latecomer.subscribe("/pk/keeper/user/update");

        assertThat(platform.payloadsFrom("keeper")).containsExactly("retained?");
        latecomer.assertNoMessage();
    }

    @ParameterizedTest(name = "platform fails at {0}")
    @CsvSource({"taking it, fail", "committing it, unwritten"})
    void givenPlatformFailsToTakeAMessage_whenDevicePublishesQos1_thenNoPubackAndOnlyThatDeviceIsDisconnected(
            String when, String failingTopicLevel) {
        Device bystander = connected("calm");
        Device device = connected("unlucky");

        assertThatThrownBy(() -> device.publish("/pk/unlucky/user/" + failingTopicLevel, "lost?",
                MqttQos.AT_LEAST_ONCE))
                .isInstanceOf(RuntimeException.class);

        await().atMost(TIMEOUT).until(() -> !device.client.getState().isConnected());
        bystander.publish("/pk/calm/user/update", "still fine", MqttQos.AT_LEAST_ONCE);
        assertThat(platform.payloadsFrom("calm")).containsExactly("still fine");
    }

    @Test
    void givenCommitFails_whenMqtt5DevicePublishesQos1_thenNoPubackAtAllAndItsConnectionIsClosed() {
        Mqtt5BlockingClient device = MqttClient.builder().useMqttVersion5().identifier("mqtt5-unwritten")
                .serverHost("127.0.0.1").serverPort(broker.port()).buildBlocking();
        device.connectWith().simpleAuth().username("dn&pk").password("sign".getBytes(UTF_8)).applySimpleAuth().send();

        // an error PUBACK cannot follow a success decision in HiveMQ: closing is the one answer left
        assertThatThrownBy(() -> device.publishWith().topic("/pk/mqtt5-unwritten/user/unwritten")
                .qos(MqttQos.AT_LEAST_ONCE).payload("x".getBytes(UTF_8)).send())
                .isNotInstanceOf(Mqtt5PubAckException.class);

        await().atMost(TIMEOUT).until(() -> !device.getState().isConnected());
    }

    @Test
    void givenForbiddenTopic_whenMqtt5DevicePublishesQos1_thenPubackSaysNotAuthorizedAndDeviceStaysConnected() {
        platform.forbiddenTopics.add("/pk/other/user/get");
        Mqtt5BlockingClient device = MqttClient.builder().useMqttVersion5().identifier("mqtt5")
                .serverHost("127.0.0.1").serverPort(broker.port()).buildBlocking();
        device.connectWith().simpleAuth().username("dn&pk").password("sign".getBytes(UTF_8)).applySimpleAuth().send();
        try {
            assertThatThrownBy(() -> device.publishWith().topic("/pk/other/user/get")
                    .qos(MqttQos.AT_LEAST_ONCE).payload("x".getBytes(UTF_8)).send())
                    .isInstanceOfSatisfying(Mqtt5PubAckException.class, e -> assertThat(
                            e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED));

            assertThat(device.getState().isConnected()).isTrue();
            assertThat(platform.messagesFrom("mqtt5")).isEmpty();
        } finally {
            device.disconnect();
        }
    }

    @Test
    void givenMqtt5Device_whenPlatformSendsTwiceAroundARoutedMessage_thenNoMessageCarriesTheUnwrittenMark()
            throws Exception {
        // MQTT 5 puts user properties on the wire: a platform message that passed no interception would show its mark
        Mqtt5BlockingClient device = MqttClient.builder().useMqttVersion5().identifier("mqtt5-marks")
                .serverHost("127.0.0.1").serverPort(broker.port()).buildBlocking();
        device.connectWith().simpleAuth().username("dn&pk").password("sign".getBytes(UTF_8)).applySimpleAuth().send();
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = device.publishes(MqttGlobalPublishFilter.ALL)) {
            device.subscribeWith().topicFilter("/pk/dn/user/echo").qos(MqttQos.AT_LEAST_ONCE).send();

            broker.send("mqtt5-marks", "/pk/dn/user/first", "1".getBytes(UTF_8), 1)
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            device.publishWith().topic("/pk/dn/user/echo").qos(MqttQos.AT_LEAST_ONCE).payload("2".getBytes(UTF_8))
                    .send();
            broker.send("mqtt5-marks", "/pk/dn/user/second", "3".getBytes(UTF_8), 0)
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

            List<Mqtt5Publish> received = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                received.add(publishes.receive(TIMEOUT.toSeconds(), TimeUnit.SECONDS).orElseThrow());
            }
            assertThat(received).extracting(publish -> new String(publish.getPayloadAsBytes(), UTF_8))
                    .containsExactlyInAnyOrder("1", "2", "3");
            assertThat(received).allSatisfy(publish -> assertThat(publish.getUserProperties().asList()).isEmpty());
        } finally {
            device.disconnect();
        }
    }

    @Test
    void givenPortInUse_whenAnotherBrokerStartsOnIt_thenStartFailsBeforeStartingHiveMq() {
        assertThatThrownBy(() -> EmbeddedBroker.start(BrokerSettings.defaults().withPort(broker.port()), platform))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot listen on 127.0.0.1:" + broker.port());
    }

    private Device device(String clientId) {
        return device(clientId, client(clientId, broker.port()));
    }

    private Device device(String clientId, Mqtt3ClientBuilder builder) {
        Device device = new Device(clientId, builder);
        devices.add(device);
        return device;
    }

    private Device connected(String clientId) {
        return connected(device(clientId));
    }

    private Device connected(Device device) {
        String clientId = device.clientId;
        device.connect();
        await().atMost(TIMEOUT).until(() -> broker.isConnected(clientId));
        return device;
    }

    private static Mqtt3ClientBuilder client(String clientId, int port) {
        return MqttClient.builder().useMqttVersion3().identifier(clientId).serverHost("127.0.0.1").serverPort(port);
    }

    private static Path selfSignedKeystore(Path path) throws IOException, InterruptedException {
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "broker", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", path.toString(), "-storepass", KEYSTORE_PASSWORD, "-keypass", KEYSTORE_PASSWORD)
                .redirectErrorStream(true)
                .start();
        String output = new String(keytool.getInputStream().readAllBytes(), UTF_8);
        assertThat(keytool.waitFor()).as(output).isZero();
        return path;
    }

    private static MqttClientSslConfig trusting(Path keystorePath) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystorePath)) {
            keys.load(in, KEYSTORE_PASSWORD.toCharArray());
        }
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("broker", keys.getCertificate("broker"));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        return MqttClientSslConfig.builder().trustManagerFactory(trust).build();
    }

    /** A device on 127.0.0.1 speaking MQTT 3.1.1; it collects every message it receives. */
    private static final class Device {

        final String clientId;
        final Mqtt3BlockingClient client;
        final BlockingQueue<Mqtt3Publish> received = new LinkedBlockingQueue<>();

        Device(String clientId, Mqtt3ClientBuilder builder) {
            this.clientId = clientId;
            this.client = builder.buildBlocking();
            client.toAsync().publishes(MqttGlobalPublishFilter.ALL, received::add);
        }

        void connect() {
            client.connectWith().cleanSession(true).keepAlive(60)
                    .simpleAuth().username("dn&pk").password("sign".getBytes(UTF_8)).applySimpleAuth()
                    .send();
        }

        void subscribe(String topicFilter) {
            client.subscribeWith().topicFilter(topicFilter).qos(MqttQos.AT_LEAST_ONCE).send();
        }

        void publish(String topic, String payload, MqttQos qos) {
            client.publishWith().topic(topic).qos(qos).payload(payload.getBytes(UTF_8)).send();
        }

        Mqtt3Publish nextMessage() {
            try {
                Mqtt3Publish message = received.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                assertThat(message).as("a message for " + clientId).isNotNull();
                return message;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        void assertNoMessage() {
            try {
                assertThat(received.poll(300, TimeUnit.MILLISECONDS)).as("a message for " + clientId).isNull();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        void close() {
            if (client.getState().isConnected()) {
                try {
                    client.disconnect();
                } catch (RuntimeException alreadyGone) {
                    // the broker may have closed it meanwhile
                }
            }
        }
    }

    record Message(String clientId, String topic, String payload, int qos, long returnedAt) {
    }

    /** The platform as the broker sees it: configurable decisions, and a record of every call. */
    private static final class PlatformDouble implements BrokerHooks {

        final List<ConnectRequest> requests = new CopyOnWriteArrayList<>();
        final Map<String, ConnectDecision.Refusal> refusals = new ConcurrentHashMap<>();
        final List<String> events = new CopyOnWriteArrayList<>();
        final Set<String> forbiddenFilters = ConcurrentHashMap.newKeySet();
        final Set<String> forbiddenTopics = ConcurrentHashMap.newKeySet();
        final List<Message> messages = new CopyOnWriteArrayList<>();
        final Map<String, AtomicInteger> inOnPublish = new ConcurrentHashMap<>();
        final AtomicInteger maxConcurrentPerClient = new AtomicInteger();
        volatile Duration publishDelay = Duration.ZERO;
        /** While set, the messages' commits stay pending in {@link #uncommitted} until a test completes them. */
        volatile boolean holdCommits;
        final List<CompletableFuture<Void>> uncommitted = new CopyOnWriteArrayList<>();
        volatile Consumer<String> onConnected = clientId -> { };

        void reset() {
            requests.clear();
            refusals.clear();
            events.clear();
            forbiddenFilters.clear();
            forbiddenTopics.clear();
            messages.clear();
            inOnPublish.clear();
            maxConcurrentPerClient.set(0);
            publishDelay = Duration.ZERO;
            holdCommits = false;
            uncommitted.clear();
            onConnected = clientId -> { };
        }

        List<Message> messagesFrom(String clientId) {
            return messages.stream().filter(message -> message.clientId().equals(clientId)).toList();
        }

        List<String> payloadsFrom(String clientId) {
            return messagesFrom(clientId).stream().map(Message::payload).toList();
        }

        @Override
        public ConnectDecision authenticate(ConnectRequest request) {
            requests.add(request);
            ConnectDecision.Refusal refusal = refusals.get(request.clientId());
            return refusal == null ? ConnectDecision.accept() : ConnectDecision.refuse(refusal, "test");
        }

        @Override
        public void onConnected(String clientId) {
            events.add("connected:" + clientId);
            onConnected.accept(clientId);
        }

        @Override
        public void onDisconnected(String clientId, String reason) {
            events.add("disconnected:" + clientId);
        }

        @Override
        public boolean maySubscribe(String clientId, String topicFilter) {
            return !forbiddenFilters.contains(topicFilter);
        }

        @Override
        public boolean mayPublish(String clientId, String topic) {
            return !forbiddenTopics.contains(topic);
        }

        @Override
        public PublishAnswer onPublish(String clientId, String topic, byte[] payload, int qos) {
            AtomicInteger inFlight = inOnPublish.computeIfAbsent(clientId, id -> new AtomicInteger());
            maxConcurrentPerClient.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                Thread.sleep(publishDelay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inFlight.decrementAndGet();
            if (topic.endsWith("/fail")) {
                throw new IllegalStateException("disk full");
            }
            messages.add(new Message(clientId, topic, new String(payload, UTF_8), qos, System.nanoTime()));
            CompletableFuture<Void> durable = new CompletableFuture<>();
            if (topic.endsWith("/unwritten")) {
                durable.completeExceptionally(new IllegalStateException("disk full at commit"));
            } else if (holdCommits) {
                uncommitted.add(durable);
            } else {
                durable.complete(null);
            }
            return new PublishAnswer(CompletableFuture.completedStage(!topic.startsWith("/sys/")), durable);
        }
    }
}
