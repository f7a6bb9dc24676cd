package io.alink.gateway;

import static io.alink.gateway.Futures.await;
import static io.alink.gateway.Futures.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alink.gateway.FakeTransport.Publish;
import io.alink.gateway.FakeTransport.Subscribe;
import io.alink.gateway.outbox.OutboxLimits;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.AlinkReply;
import io.alink.protocol.AlinkRequest;
import io.alink.protocol.AlinkTopic;
import io.alink.protocol.DeviceId;
import io.alink.protocol.ReplyCode;
import io.alink.protocol.SubDeviceEntries;
import io.alink.protocol.TopicKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client against a {@link FakeTransport} playing the platform: what a broker cannot provoke on demand (a 520, a
 * reply twice or too late, a connection lost in the middle of a login pass), in milliseconds.
 */
class GatewayClientFakePlatformTest {

    private static final DeviceId GATEWAY = DeviceId.of("a1GwFake01", "gw01");
    private static final String LOGIN = AlinkTopic.of(TopicKind.BATCH_LOGIN, GATEWAY).topic();
    private static final String TOPO_ADD = AlinkTopic.of(TopicKind.TOPO_ADD, GATEWAY).topic();
    private static final String TOPO_GET = AlinkTopic.of(TopicKind.TOPO_GET, GATEWAY).topic();

    @TempDir
    Path store;

    private final FakeTransport platform = new FakeTransport();
    private final List<GatewayClient> clients = new ArrayList<>();

    @AfterEach
    void closeClients() {
        // without a connection close() logs nobody out, so it waits for no reply
        platform.loseConnection();
        clients.forEach(client -> await(client.closeAsync()));
    }

    private GatewayClient client(UnaryOperator<GatewayConfig.Builder> customize) {
        GatewayConfig config = customize.apply(GatewayConfig.builder()
                .productKey(GATEWAY.productKey()).deviceName(GATEWAY.deviceName()).deviceSecret("GatewaySecret01")
                .endpoint("127.0.0.1", 1883, false)
                .storeDir(store).requestTimeout(TestPlatform.REQUEST_TIMEOUT)
                .maxLoginsPerSecond(1_000)).build();
        GatewayClient client = GatewayClient.create(config, platform::attach);
        clients.add(client);
        return client;
    }

    private GatewayClient connected(UnaryOperator<GatewayConfig.Builder> customize) {
        GatewayClient client = client(customize);
        await(client.connect());
        return client;
    }

    private GatewayClient connected() {
        return connected(builder -> builder);
    }

    private static List<SubDeviceCredentials> subDevices(int count) {
        return IntStream.rangeClosed(1, count)
                .mapToObj(n -> new SubDeviceCredentials(DeviceId.of("a1SubFake1", "sub" + n), "SubSecret" + n, null))
                .toList();
    }

    private static List<DeviceId> devices(List<SubDeviceCredentials> subs) {
        return subs.stream().map(SubDeviceCredentials::device).toList();
    }

    /** The sub-devices a topo/add, topo/delete or batch_login request lists. */
    private static List<DeviceId> listed(Publish request) {
        JsonNode params = request.request().params();
        return SubDeviceEntries.devices(params.has("deviceList") ? params.get("deviceList") : params);
    }

    /** Confirms the next login request, as the platform does: the devices it lists. */
    private Publish confirmNextLogin() {
        Publish login = platform.nextPublish(LOGIN);
        platform.replySuccess(login, SubDeviceEntries.identities(listed(login)));
        return login;
    }

    private void logIn(GatewayClient client, List<SubDeviceCredentials> subs) {
        CompletableFuture<LoginResult> login = client.login(subs);
        for (int batch = 0; batch < subs.size(); batch += SubDeviceLogins.LOGIN_BATCH) {
            confirmNextLogin();
        }
        await(login);
    }

    private static String propertyPost(DeviceId device) {
        return AlinkTopic.of(TopicKind.PROPERTY_POST, device).topic();
    }

    private static String customTopic(DeviceId device) {
        return AlinkTopic.custom(device, "down").topic();
    }

    // ---- sub-device sessions -------------------------------------------------------------------------------------

    @Test
    void givenASubDeviceThePlatformDropped_whenItsPostIsRefusedWith520_thenItIsLoggedInAgainAndThePostGoesOnceMore() {
        GatewayClient client = connected();
        SubDeviceCredentials sub = subDevices(1).get(0);
        logIn(client, List.of(sub));
        CompletableFuture<JsonNode> post = client.postProperties(sub.device(), Map.of("temperature", 21));
        Publish refused = platform.nextPublish(propertyPost(sub.device()));

        platform.deliver(AlinkTopic.of(TopicKind.ERROR, sub.device()).topic(),
                AlinkReply.error(refused.request().id(), ReplyCode.NO_ACTIVE_SESSION, "no session").toBytes());

        assertThat(listed(confirmNextLogin())).containsExactly(sub.device());
        Publish resent = platform.nextPublish(propertyPost(sub.device()));
        assertThat(resent.payload()).isEqualTo(refused.payload());
        platform.replySuccess(resent, AlinkJson.object());
        await(post);

        // a second refusal of the same message is final: the sub-device is logged in again, the message not resent
        platform.deliver(AlinkTopic.of(TopicKind.ERROR, sub.device()).topic(),
                AlinkReply.error(refused.request().id(), ReplyCode.NO_ACTIVE_SESSION, "no session").toBytes());
        confirmNextLogin();
        platform.settle();
        assertThat(platform.publishes(propertyPost(sub.device()))).hasSize(2);
    }

    @Test
    void givenLoggedInSubDevicesAndSubscriptions_whenReconnecting_thenLoginsComeBeforeTheirSubscriptionsAndTheOutbox() {
        GatewayClient client = connected(builder -> builder.outbox(OutboxLimits.DEFAULT));
        SubDeviceCredentials sub = subDevices(1).get(0);
        logIn(client, List.of(sub));
        await(client.subscribe(customTopic(GATEWAY), 1, message -> { }));
        await(client.subscribe(customTopic(sub.device()), 1, message -> { }));
        platform.loseConnection();
        await(client.enqueueProperties(GATEWAY, Map.of("n", 1)));
        await(client.enqueueProperties(sub.device(), Map.of("n", 2)));
        int before = platform.sent().size();

        platform.reconnect();
        confirmNextLogin();
        platform.nextPublish(propertyPost(sub.device()));

        List<Object> restore = platform.sent().subList(before, platform.sent().size());
        assertThat(restore.stream().map(GatewayClientFakePlatformTest::describe).toList()).containsExactly(
                "system topics", "subscribe " + customTopic(GATEWAY), "login", "subscribe " + customTopic(sub.device()),
                "outbox " + GATEWAY, "outbox " + sub.device());
    }

    private static String describe(Object operation) {
        if (operation instanceof Subscribe subscribe) {
            return subscribe.filters().size() > 1 ? "system topics" : "subscribe " + subscribe.filters().get(0);
        }
        Publish publish = (Publish) operation;
        return publish.topic().equals(LOGIN) ? "login"
                : "outbox " + AlinkTopic.parse(publish.topic()).orElseThrow().device();
    }

    @Test
    void givenAReloginPass_whenTheConnectionDropsBetweenItsBatches_thenTheNextReconnectionLogsAllInBeforeTheOutboxGoes() {
        // the unanswered second batch must still be waiting when the connection drops, however slow the machine
        GatewayClient client = connected(builder -> builder.outbox(OutboxLimits.DEFAULT)
                .requestTimeout(Duration.ofMinutes(10)));
        List<SubDeviceCredentials> subs = subDevices(60);
        logIn(client, subs);
        platform.loseConnection();
        await(client.enqueueProperties(GATEWAY, Map.of("n", 1)));
        platform.reconnect();
        assertThat(listed(confirmNextLogin())).hasSize(50);
        assertThat(listed(platform.nextPublish(LOGIN))).hasSize(10);

        platform.loseConnection();
        int before = platform.sent().size();
        platform.reconnect();
        List<DeviceId> loggedInAgain = new ArrayList<>(listed(confirmNextLogin()));
        loggedInAgain.addAll(listed(confirmNextLogin()));
        Publish outbox = platform.nextPublish(propertyPost(GATEWAY));

        assertThat(loggedInAgain).containsExactlyInAnyOrderElementsOf(devices(subs));
        List<Object> sent = platform.sent();
        assertThat(sent.indexOf(outbox)).isGreaterThan(before)
                .isGreaterThan(sent.lastIndexOf(platform.publishes(LOGIN).get(platform.publishes(LOGIN).size() - 1)));
        assertThat(platform.publishes(propertyPost(GATEWAY))).hasSize(1);
        assertThat(client.loggedIn()).containsExactlyInAnyOrderElementsOf(devices(subs));
    }

    @Test
    void givenATopoChangeOnAnotherGatewaysTopic_whenDelivered_thenItIsNotAnsweredAndNoSubDeviceIsLoggedOut() {
        // found by InboundFuzzTest: the answer went to the other gateway's topic, which the platform refuses
        GatewayClient client = connected();
        SubDeviceCredentials sub = subDevices(1).get(0);
        logIn(client, List.of(sub));
        DeviceId other = DeviceId.of(GATEWAY.productKey(), "gw02");
        ObjectNode params = AlinkJson.object().put("status", 1);
        params.set("subList", SubDeviceEntries.identities(List.of(sub.device())));

        platform.deliver(AlinkTopic.of(TopicKind.TOPO_CHANGE, other).topic(),
                new AlinkRequest("7", AlinkRequest.VERSION, params, TopicKind.TOPO_CHANGE.method(), null).toBytes());
        platform.settle();

        assertThat(platform.sent()).noneMatch(sent -> sent instanceof Publish publish
                && publish.topic().contains(other.deviceName()));
        assertThat(client.loggedIn()).containsExactly(sub.device());
    }

    // ---- batches -----------------------------------------------------------------------------------------------------

    @Test
    void given75SubDevices_whenAddingTopo_thenThreeRequestsOf30And30And15AreSentAndTheirRepliesMerged() {
        GatewayClient client = connected();
        List<SubDeviceCredentials> subs = subDevices(75);

        CompletableFuture<TopoList> added = client.addTopo(subs);
        List<Integer> sizes = new ArrayList<>();
        for (int batch = 0; batch < 3; batch++) {
            Publish request = platform.nextPublish(TOPO_ADD);
            sizes.add(listed(request).size());
            platform.replySuccess(request, SubDeviceEntries.identities(listed(request)));
        }

        assertThat(sizes).containsExactly(30, 30, 15);
        assertThat(await(added).devices()).containsExactlyElementsOf(devices(subs));
    }

    @Test
    void given75SubDevices_whenTheThirdTopoAddBatchIsRefused_thenTheFailureNamesTheDoneAndTheRefusedSubDevices() {
        GatewayClient client = connected();
        List<SubDeviceCredentials> subs = subDevices(75);
        DeviceId badSign = subs.get(70).device();

        CompletableFuture<TopoList> added = client.addTopo(subs);
        for (int batch = 0; batch < 2; batch++) {
            Publish request = platform.nextPublish(TOPO_ADD);
            platform.replySuccess(request, SubDeviceEntries.identities(listed(request)));
        }
        platform.reply(platform.nextPublish(TOPO_ADD), ReplyCode.REQUEST_PARAMETER_ERROR,
                SubDeviceEntries.identities(List.of(badSign)));

        AlinkReplyException refused = failure(added, AlinkReplyException.class);
        assertThat(refused.getMessage()).contains("topo add batch 3 of 3");
        assertThat(refused.code()).isEqualTo(ReplyCode.REQUEST_PARAMETER_ERROR);
        assertThat(refused.completed()).containsExactlyElementsOf(devices(subs.subList(0, 60)));
        assertThat(SubDeviceEntries.devices(refused.data())).containsExactly(badSign);
    }

    @Test
    void given75SubDevices_whenTheSecondTopoAddBatchIsRefused_thenTheThirdIsNotSent() {
        GatewayClient client = connected();
        List<SubDeviceCredentials> subs = subDevices(75);

        CompletableFuture<TopoList> added = client.addTopo(subs);
        Publish first = platform.nextPublish(TOPO_ADD);
        platform.replySuccess(first, SubDeviceEntries.identities(listed(first)));
        platform.reply(platform.nextPublish(TOPO_ADD), ReplyCode.REQUEST_PARAMETER_ERROR, AlinkJson.object());

        AlinkReplyException refused = failure(added, AlinkReplyException.class);
        platform.settle();
        assertThat(refused.getMessage()).contains("topo add batch 2 of 3");
        assertThat(refused.completed()).containsExactlyElementsOf(devices(subs.subList(0, 30)));
        assertThat(platform.publishes(TOPO_ADD)).hasSize(2);
    }

    // ---- replies -----------------------------------------------------------------------------------------------------

    @Test
    void givenAReplyDeliveredTwice_whenTheNextRequestWaits_thenTheSecondDeliveryDoesNotAnswerIt() {
        GatewayClient client = connected();
        List<DeviceId> first = devices(subDevices(1));
        List<DeviceId> second = devices(subDevices(2)).subList(1, 2);
        CompletableFuture<TopoList> firstGet = client.getTopo();
        Publish firstRequest = platform.nextPublish(TOPO_GET);
        platform.replySuccess(firstRequest, SubDeviceEntries.identities(first));
        assertThat(await(firstGet).devices()).isEqualTo(first);

        CompletableFuture<TopoList> secondGet = client.getTopo();
        Publish secondRequest = platform.nextPublish(TOPO_GET);
        platform.replySuccess(firstRequest, SubDeviceEntries.identities(first));
        platform.replySuccess(secondRequest, SubDeviceEntries.identities(second));

        assertThat(await(secondGet).devices()).isEqualTo(second);
    }

    @Test
    void givenARequestThatTimedOut_whenItsReplyComesLate_thenItStaysFailedAndAnswersNothingElse() {
        GatewayClient client = connected(builder -> builder.requestTimeout(Duration.ofMillis(50)));
        CompletableFuture<TopoList> timedOut = client.getTopo();
        Publish lateRequest = platform.nextPublish(TOPO_GET);
        failure(timedOut, RequestTimeoutException.class);

        CompletableFuture<TopoList> next = client.getTopo();
        Publish nextRequest = platform.nextPublish(TOPO_GET);
        platform.replySuccess(lateRequest, SubDeviceEntries.identities(devices(subDevices(1))));
        platform.replySuccess(nextRequest, AlinkJson.nodes().arrayNode());

        assertThat(await(next).devices()).isEmpty();
        failure(timedOut, RequestTimeoutException.class);
    }

    @Test
    void givenAPublishWithoutPuback_whenTheRequestTimeoutPasses_thenItFailsWithRequestTimeoutExceptionNamingItsTopic() {
        GatewayClient client = connected(builder -> builder.requestTimeout(Duration.ofMillis(50)));
        platform.withholdPubacks();
        String topic = customTopic(GATEWAY);

        CompletableFuture<Void> publish = client.publish(topic, new byte[] {1}, 1);

        assertThat(failure(publish, RequestTimeoutException.class))
                .hasMessage("no reply to publish to " + topic + " within 50 ms");
    }

    @Test
    void givenAPublishWaitingForItsPuback_whenTheConnectionDropsOnAnotherThread_thenItsFutureFailsOnACallbackThread() {
        GatewayClient client = connected();
        platform.withholdPubacks();
        String topic = customTopic(GATEWAY);
        CompletableFuture<String> failedOn = client.publish(topic, new byte[] {1}, 1)
                .handle((done, error) -> Thread.currentThread().getName() + " " + error.getClass().getSimpleName());
        platform.nextPublish(topic);

        platform.loseConnection();

        assertThat(await(failedOn)).startsWith("alink-gateway-callback-").endsWith(" ConnectionException");
    }

    // ---- outbox ------------------------------------------------------------------------------------------------------

    @Test
    void givenAnOutboxMessageWithoutPuback_whenTheConnectionComesBack_thenItIsSentAgainAndLeavesOnlyOnItsPuback() {
        GatewayClient client = connected(builder -> builder.outbox(OutboxLimits.DEFAULT));
        platform.withholdPubacks();
        await(client.enqueueProperties(GATEWAY, Map.of("n", 1)));
        Publish unacknowledged = platform.nextPublish(propertyPost(GATEWAY));
        assertThat(client.outboxStats().queuedMessages()).isEqualTo(1);

        platform.loseConnection();
        platform.acknowledgePublishes();
        platform.reconnect();

        assertThat(platform.nextPublish(propertyPost(GATEWAY)).payload()).isEqualTo(unacknowledged.payload());
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(1))
                .until(() -> client.outboxStats().queuedMessages() == 0);
        assertThat(client.outboxStats().sentMessages()).isEqualTo(1);
    }

    @Test
    void givenPropertiesAsJson_whenEnqueued_thenTheEnvelopeCarriesThemAsTheyAreAndIsSizeCheckedWhole() {
        GatewayClient client = connected(builder -> builder.outbox(OutboxLimits.DEFAULT));
        ObjectNode properties = AlinkJson.object().put("temperature", 21.5);
        properties.putObject("position").put("lat", 30.2).put("lon", 120.1);
        // fits as params, but not in its envelope
        ObjectNode tooLarge = AlinkJson.object().put("blob", "x".repeat(Validation.MAX_PAYLOAD_BYTES - 20));

        await(client.enqueueProperties(GATEWAY, properties));
        AlinkRequest envelope = platform.nextPublish(propertyPost(GATEWAY)).request();

        assertThat(envelope.params()).isEqualTo(properties);
        assertThat(envelope.method()).isEqualTo("thing.event.property.post");
        assertThat(envelope.wantsReply()).isFalse();
        assertThatThrownBy(() -> client.enqueueProperties(GATEWAY, tooLarge))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> client.enqueueProperties(GATEWAY, (ObjectNode) null))
                .isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void givenNoOutbox_whenEnqueueing_thenItIsATypedStateError() {
        GatewayClient client = client(builder -> builder);

        assertThatThrownBy(() -> client.enqueueProperties(GATEWAY, AlinkJson.object().put("n", 1)))
                .isInstanceOf(ClientStateException.class);
        assertThatThrownBy(() -> client.enqueue(GATEWAY, customTopic(GATEWAY), new byte[1]))
                .isInstanceOf(ClientStateException.class);
    }
}
