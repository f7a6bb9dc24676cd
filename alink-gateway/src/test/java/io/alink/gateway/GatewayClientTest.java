package io.alink.gateway;

import static io.alink.gateway.Futures.await;
import static io.alink.gateway.Futures.failure;
import static io.alink.gateway.TestPlatform.CLOUD_TIMEOUT;
import static io.alink.gateway.TestPlatform.config;
import static io.alink.gateway.TestPlatform.credentials;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.alink.emulator.DeviceView;
import io.alink.emulator.MessageRecord;
import io.alink.emulator.testing.DeviceIdentity;
import io.alink.emulator.testing.EmulatorExtension;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.AlinkReply;
import io.alink.protocol.DeviceId;
import io.alink.protocol.ReplyCode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The typed client against a running emulator (platform limits, including 200 logins per second). */
class GatewayClientTest {

    @RegisterExtension
    static final EmulatorExtension emulator = TestPlatform.emulator();

    @TempDir
    Path store;

    private GatewayClient client(DeviceIdentity gateway) {
        return TestPlatform.client(emulator, config(emulator, gateway, store));
    }

    private GatewayClient connected(DeviceIdentity gateway) {
        GatewayClient client = client(gateway);
        await(client.connect());
        return client;
    }

    /** A connected gateway with {@code count} sub-devices in its topology and logged in. */
    private GatewayClient withLoggedIn(DeviceIdentity gateway, List<SubDeviceCredentials> subs) {
        GatewayClient client = connected(gateway);
        await(client.addTopo(subs));
        await(client.login(subs));
        return client;
    }

    private static List<DeviceId> ids(List<SubDeviceCredentials> subs) {
        return subs.stream().map(SubDeviceCredentials::device).toList();
    }

    @Nested
    class Connecting {

        @Test
        void givenADeviceSecret_whenConnecting_thenTheGatewayIsOnlineAndItsIdentityIsStored() {
            DeviceIdentity gateway = emulator.newGateway();

            GatewayIdentity identity = await(client(gateway).connect());

            assertThat(identity.deviceId()).isEqualTo(gateway.id());
            assertThat(emulator.online(gateway.id())).isTrue();
            assertThat(new GatewayStore(store).read()).contains(identity);
        }

        @Test
        void givenAWrongDeviceSecret_whenConnecting_thenThePlatformRefusesItWithBadUserNameOrPassword() {
            DeviceIdentity gateway = emulator.newGateway();
            GatewayClient client = client(new DeviceIdentity(gateway.id(), "wrong-secret-0123456789"));

            ConnectionException refused = failure(client.connect(), ConnectionException.class);

            assertThat(refused.connackCode()).hasValue(4);
            assertThat(refused.getMessage()).contains("bad user name or password: check deviceSecret for "
                    + gateway.id()).doesNotContain("wrong-secret-0123456789");
            assertThat(client.isConnected()).isFalse();
        }

        @Test
        void givenAConnectedClient_whenConnectingAgain_thenTheSecondConnectFails() {
            GatewayClient client = connected(emulator.newGateway());

            failure(client.connect(), ConnectionException.class);
            assertThat(client.isConnected()).isTrue();
        }

        @Test
        void givenAClientThatNeverConnected_whenSendingARequest_thenItFailsWithoutAConnection() {
            GatewayClient client = client(emulator.newGateway());

            failure(client.getTopo(), ConnectionException.class);
        }

        @Test
        void givenAClosedClient_whenSendingARequestOrClosingAgain_thenTheRequestFailsAndCloseIsANoOp() {
            GatewayClient client = connected(emulator.newGateway());
            await(client.closeAsync());

            failure(client.ntpTime(), ConnectionException.class);
            assertThat(client.closeAsync()).succeedsWithin(Duration.ofSeconds(30));
            assertThat(client.isConnected()).isFalse();
        }

        @Test
        void givenAClientInTryWithResources_whenTheBlockEnds_thenItIsClosedAndTheGatewayIsOffline() {
            DeviceIdentity gateway = emulator.newGateway();
            GatewayClient closedByTheBlock;

            try (GatewayClient client = GatewayClient.create(config(emulator, gateway, store).build())) {
                await(client.connect());
                closedByTheBlock = client;
            }

            assertThat(closedByTheBlock.isConnected()).isFalse();
            failure(closedByTheBlock.ntpTime(), ConnectionException.class);
            await().atMost(Duration.ofSeconds(30)).until(() -> !emulator.online(gateway.id()));
        }

        @Test
        void givenAConnectionListener_whenConnectingAndClosing_thenItHearsBothOnACallbackThread() {
            GatewayClient client = client(emulator.newGateway());
            List<String> events = new CopyOnWriteArrayList<>();
            client.addConnectionListener(new ConnectionListener() {
                @Override
                public void connected(boolean reconnect) {
                    events.add("connected " + reconnect + " on " + Thread.currentThread().getName());
                }

                @Override
                public void disconnected(Throwable cause) {
                    events.add("disconnected on " + Thread.currentThread().getName());
                }
            });

            await(client.connect());
            await(client.closeAsync());

            await().atMost(30, TimeUnit.SECONDS).until(() -> events.size() == 2);
            assertThat(events.get(0)).startsWith("connected false on alink-gateway-callback");
            assertThat(events.get(1)).startsWith("disconnected on alink-gateway-callback");
        }
    }

    @Nested
    class Topology {

        @Test
        void givenSubDevices_whenAddedToTheTopology_thenGetTopoListsThemAsThePlatformDoes() {
            GatewayClient client = connected(emulator.newGateway());
            List<SubDeviceCredentials> subs = credentials(emulator.newSubDevices(3));

            TopoList added = await(client.addTopo(subs));
            TopoList topo = await(client.getTopo());

            assertThat(added.devices()).containsExactlyElementsOf(ids(subs));
            assertThat(topo.devices()).containsExactlyInAnyOrderElementsOf(ids(subs));
            assertThat(AlinkJson.parse(topo.json())).hasSize(3);
            assertThat(emulator.admin().device(client.gatewayId()).orElseThrow().topo()).hasSize(3);
        }

        @Test
        void givenATopologyWithLoggedInSubDevices_whenRemovingThem_thenTheyLeaveItAndTheirSessionsEnd() {
            List<SubDeviceCredentials> subs = credentials(emulator.newSubDevices(2));
            GatewayClient client = withLoggedIn(emulator.newGateway(), subs);

            TopoList removed = await(client.removeTopo(List.of(subs.get(0).device())));

            assertThat(removed.devices()).containsExactly(subs.get(0).device());
            assertThat(await(client.getTopo()).devices()).containsExactly(subs.get(1).device());
            assertThat(client.loggedIn()).containsExactly(subs.get(1).device());
            assertThat(emulator.online(subs.get(0).device())).isFalse();
        }

        @Test
        void givenAWrongSubDeviceSecret_whenAddingTopo_thenThePlatformRefusesTheSignAndNamesTheDevice() {
            GatewayClient client = connected(emulator.newGateway());
            DeviceId sub = emulator.newSubDevice().id();

            AlinkReplyException refused = failure(
                    client.addTopo(List.of(new SubDeviceCredentials(sub, "not-the-secret", null))),
                    AlinkReplyException.class);

            assertThat(refused.code()).isEqualTo(ReplyCode.AUTH_ERROR);
            assertThat(refused.data().toString()).contains(sub.deviceName());
            assertThat(refused.getMessage()).doesNotContain("not-the-secret");
        }

        @Test
        void givenTheCloudDeletesATopologyRelation_whenTheGatewayIsTold_thenItForgetsTheSession() {
            List<SubDeviceCredentials> subs = credentials(emulator.newSubDevices(1));
            GatewayClient client = withLoggedIn(emulator.newGateway(), subs);

            emulator.admin().deleteTopo(client.gatewayId(), subs.get(0).device());

            await().atMost(30, TimeUnit.SECONDS).until(() -> client.loggedIn().isEmpty());
        }
    }

    @Nested
    class Sessions {

        @Test
        void givenATopology_whenLoggingIn_thenTheSubDevicesAreOnlineThroughTheGateway() {
            GatewayClient client = connected(emulator.newGateway());
            List<SubDeviceCredentials> subs = credentials(emulator.newSubDevices(2));
            await(client.addTopo(subs));

            LoginResult result = await(client.login(subs));

            assertThat(result.devices()).containsExactlyElementsOf(ids(subs));
            assertThat(client.loggedIn()).containsExactlyInAnyOrderElementsOf(ids(subs));
            for (DeviceId sub : ids(subs)) {
                DeviceView view = emulator.admin().device(sub).orElseThrow();
                assertThat(view.online()).isTrue();
                assertThat(view.gateway()).isEqualTo(client.gatewayId());
            }
        }

        @Test
        void givenNoTopologyRelation_whenLoggingIn_thenThePlatformRefusesAndNothingIsLoggedIn() {
            GatewayClient client = connected(emulator.newGateway());
            List<SubDeviceCredentials> subs = credentials(emulator.newSubDevices(1));

            AlinkReplyException refused = failure(client.login(subs), AlinkReplyException.class);

            assertThat(refused.code()).isEqualTo(ReplyCode.TOPO_RELATION_NOT_EXIST);
            assertThat(refused.platformMessage()).isNotBlank();
            assertThat(refused.getMessage()).as("names the sub-device and what to do").contains(
                    "login (" + subs.get(0).device() + ") failed: 6401",
                    "the sub-device is not in this gateway's topology: add it (topo add) first");
            assertThat(client.loggedIn()).isEmpty();
        }

        @Test
        void givenLoggedInSubDevices_whenLoggingOut_thenTheyAreOffline() {
            List<SubDeviceCredentials> subs = credentials(emulator.newSubDevices(2));
            GatewayClient client = withLoggedIn(emulator.newGateway(), subs);

            LoginResult result = await(client.logout(ids(subs)));

            assertThat(result.devices()).containsExactlyElementsOf(ids(subs));
            assertThat(client.loggedIn()).isEmpty();
            assertThat(ids(subs)).noneMatch(emulator::online);
        }

        @Test
        void givenLoggedInSubDevices_whenClosing_thenTheGatewayLogsThemOutBeforeDisconnecting() {
            List<SubDeviceCredentials> subs = credentials(emulator.newSubDevices(2));
            GatewayClient client = withLoggedIn(emulator.newGateway(), subs);

            await(client.closeAsync());

            List<MessageRecord> sent = emulator.admin().messages(client.gatewayId(), 100);
            assertThat(sent.get(sent.size() - 1).topic()).endsWith("/combine/batch_logout");
        }

        @Test
        void givenThePlatformLimitOf200LoginsPerSecond_when300SubDevicesLogIn_thenThePacingAvoidsAnyRefusal() {
            GatewayClient client = connected(emulator.newGateway());
            List<SubDeviceCredentials> subs = credentials(emulator.newSubDevices(300));
            await(client.addTopo(subs));

            LoginResult result = await(client.login(subs));

            assertThat(result.devices()).hasSize(300);
            assertThat(client.loggedIn()).hasSize(300);
        }
    }

    @Nested
    class SubDeviceRegistration {

        @Test
        void givenPreRegisteredSubDevices_whenRegistering_thenTheIssuedSecretsServeForTopologyAndLogin() {
            GatewayClient client = connected(emulator.newGateway());
            List<DeviceId> subs = List.of(emulator.newUnregisteredDevice(TestPlatform.SUB_PK),
                    emulator.newUnregisteredDevice(TestPlatform.SUB_PK));

            List<SubDeviceCredentials> issued = await(client.registerSubDevices(subs));

            assertThat(issued).extracting(SubDeviceCredentials::device).containsExactlyElementsOf(subs);
            assertThat(issued).allSatisfy(c -> assertThat(c.deviceSecret()).isNotBlank());
            assertThat(issued.toString()).doesNotContain(issued.get(0).deviceSecret());
            await(client.addTopo(issued));
            assertThat(await(client.login(issued)).devices()).containsExactlyElementsOf(subs);
        }

        @Test
        void givenAProductWithoutDynamicRegistration_whenRegistering_thenThePlatformRefuses() {
            GatewayClient client = connected(emulator.newGateway());
            DeviceId sub = emulator.newUnregisteredDevice(TestPlatform.LOCKED_SUB_PK);

            AlinkReplyException refused = failure(client.registerSubDevices(List.of(sub)), AlinkReplyException.class);

            assertThat(refused.code()).isEqualTo(ReplyCode.DYNAMIC_REGISTRATION_DISABLED);
        }
    }

    @Nested
    class Time {

        @Test
        void whenAskingForTheTime_thenItIsThePlatformsClockWithMatchingCalendarFields() {
            GatewayClient client = connected(emulator.newGateway());
            long before = System.currentTimeMillis();

            NtpTime time = await(client.ntpTime());

            // the emulator shares this machine's clock
            assertThat(time.epochMillis()).isBetween(before - 1_000, System.currentTimeMillis() + 1_000);
            assertThat(time.dateTime().toInstant()).isEqualTo(Instant.ofEpochMilli(time.epochMillis()));
            assertThat(time.dateTime().getOffset()).isEqualTo(GatewayConfig.DEFAULT_TIME_ZONE);
            assertThat(time.millisecond()).isEqualTo((int) (time.epochMillis() % 1000));
        }

        @Test
        void givenConcurrentRequests_whenAskingForTheTime_thenEachGetsAnAnswer() {
            GatewayClient client = connected(emulator.newGateway());

            List<CompletableFuture<NtpTime>> times = IntStream.range(0, 10).mapToObj(i -> client.ntpTime()).toList();

            assertThat(times).allSatisfy(t -> assertThat(await(t).epochMillis()).isPositive());
        }
    }

    @Nested
    class ThingModel {

        @Test
        void givenTheGatewayAndALoggedInSubDevice_whenPostingPropertiesAndEvents_thenThePlatformAcceptsThem() {
            List<SubDeviceCredentials> subs = credentials(emulator.newSubDevices(1));
            GatewayClient client = withLoggedIn(emulator.newGateway(), subs);
            DeviceId sub = subs.get(0).device();

            await(client.postProperties(client.gatewayId(), Map.of("Temp", 21.5)));
            await(client.postProperties(sub, Map.of("LightSwitch", 1)));
            await(client.postEvent(sub, "lowpower", Map.of("power", 10)));

            assertThat(emulator.admin().messages(sub, 10)).extracting(MessageRecord::topic).containsSubsequence(
                    "/sys/" + sub.productKey() + "/" + sub.deviceName() + "/thing/event/property/post",
                    "/sys/" + sub.productKey() + "/" + sub.deviceName() + "/thing/event/lowpower/post");
        }

        @Test
        void givenASubDeviceThatIsNotLoggedIn_whenPostingProperties_thenNothingIsSent() {
            GatewayClient client = connected(emulator.newGateway());
            DeviceId sub = emulator.newSubDevice().id();
            int sentBefore = emulator.messagesFrom(client.gatewayId());

            assertThatThrownBy(() -> client.postProperties(sub, Map.of("a", 1)))
                    .isInstanceOf(InvalidRequestException.class);
            assertThatThrownBy(() -> client.postEvent(client.gatewayId(), "bad/event", Map.of()))
                    .isInstanceOf(InvalidRequestException.class);
            assertThat(emulator.messagesFrom(client.gatewayId())).isEqualTo(sentBefore);
        }
    }

    @Nested
    class ServiceCalls {

        @Test
        void givenAServiceHandler_whenTheCloudInvokesAServiceOnTheGateway_thenTheReplyCarriesItsOutputOnce() {
            GatewayClient client = connected(emulator.newGateway());
            List<ServiceCall> calls = new CopyOnWriteArrayList<>();
            client.onServiceCall(ServiceHandler.sync(call -> {
                calls.add(call);
                return ServiceReply.success(Map.of("echo", call.params().path("value").asText()));
            }));

            AlinkReply reply = await(emulator.admin().invokeService(client.gatewayId(), "reboot",
                    AlinkJson.object().put("value", "now"), CLOUD_TIMEOUT));

            assertThat(reply.code()).isEqualTo(ReplyCode.SUCCESS);
            assertThat(reply.data().path("echo").asText()).isEqualTo("now");
            assertThat(calls).singleElement().satisfies(call -> {
                assertThat(call.device()).isEqualTo(client.gatewayId());
                assertThat(call.identifier()).isEqualTo("reboot");
                assertThat(call.id()).isEqualTo(reply.id());
            });
            // a second delivery (own subscription and the platform's) would show up by now
            await().during(300, TimeUnit.MILLISECONDS).atMost(30, TimeUnit.SECONDS).until(() -> calls.size() == 1);
        }

        @Test
        void givenALoggedInSubDevice_whenTheCloudInvokesAServiceAndSetsProperties_thenTheHandlerAnswersBoth() {
            List<SubDeviceCredentials> subs = credentials(emulator.newSubDevices(1));
            GatewayClient client = withLoggedIn(emulator.newGateway(), subs);
            DeviceId sub = subs.get(0).device();
            List<ServiceCall> calls = new CopyOnWriteArrayList<>();
            client.onServiceCall(ServiceHandler.sync(call -> {
                calls.add(call);
                return ServiceReply.success(Map.of());
            }));

            AlinkReply service = await(emulator.admin().invokeService(sub, "open", AlinkJson.object(), CLOUD_TIMEOUT));
            AlinkReply set = await(emulator.admin().setProperties(sub, AlinkJson.object().put("LightSwitch", 1),
                    CLOUD_TIMEOUT));

            assertThat(service.code()).isEqualTo(ReplyCode.SUCCESS);
            assertThat(set.code()).isEqualTo(ReplyCode.SUCCESS);
            assertThat(calls).extracting(ServiceCall::device).containsOnly(sub);
            assertThat(calls).extracting(ServiceCall::identifier).containsExactly("open", ServiceCall.PROPERTY_SET);
            assertThat(calls.get(1).isPropertySet()).isTrue();
            assertThat(calls.get(1).params().path("LightSwitch").asInt()).isEqualTo(1);
        }

        @Test
        void givenAHandlerThatFails_whenInvoked_thenTheReplyCarriesItsCodeOr500() {
            GatewayClient client = connected(emulator.newGateway());
            client.onServiceCall(call -> call.identifier().equals("refuse")
                    ? CompletableFuture.failedFuture(new AlinkReplyException("refuse", 6300, "not now", null))
                    : CompletableFuture.failedFuture(new IllegalStateException("broken")));

            AlinkReply refused = await(emulator.admin().invokeService(client.gatewayId(), "refuse",
                    AlinkJson.object(), CLOUD_TIMEOUT));
            AlinkReply broken = await(emulator.admin().invokeService(client.gatewayId(), "crash",
                    AlinkJson.object(), CLOUD_TIMEOUT));

            assertThat(refused.code()).isEqualTo(6300);
            assertThat(refused.message()).isEqualTo("not now");
            assertThat(broken.code()).isEqualTo(ReplyCode.SERVER_ERROR);
        }

        @Test
        void givenNoHandler_whenInvoked_thenTheCloudGetsAnErrorInsteadOfWaiting() {
            GatewayClient client = connected(emulator.newGateway());

            AlinkReply reply = await(emulator.admin().invokeService(client.gatewayId(), "reboot", AlinkJson.object(),
                    CLOUD_TIMEOUT));

            assertThat(reply.code()).isEqualTo(ReplyCode.SERVER_ERROR);
        }

        @Test
        void givenASlowHandler_whenAnotherCallArrives_thenItIsAnsweredMeanwhile() throws InterruptedException {
            GatewayClient client = connected(emulator.newGateway());
            CountDownLatch release = new CountDownLatch(1);
            client.onServiceCall(call -> call.identifier().equals("slow")
                    ? CompletableFuture.supplyAsync(() -> {
                        awaitQuietly(release);
                        return ServiceReply.success(Map.of());
                    })
                    : CompletableFuture.completedFuture(ServiceReply.success(Map.of("fast", true))));

            CompletableFuture<AlinkReply> slow = emulator.admin().invokeService(client.gatewayId(), "slow",
                    AlinkJson.object(), CLOUD_TIMEOUT);
            AlinkReply fast = await(emulator.admin().invokeService(client.gatewayId(), "fast", AlinkJson.object(),
                    CLOUD_TIMEOUT));

            assertThat(fast.data().path("fast").asBoolean()).isTrue();
            assertThat(slow).isNotDone();
            release.countDown();
            assertThat(await(slow).code()).isEqualTo(ReplyCode.SUCCESS);
        }
    }

    @Nested
    class CustomTopics {

        @ParameterizedTest(name = "QoS {0}")
        @ValueSource(ints = {0, 1})
        void givenASubscription_whenPublishingToItsTopic_thenTheHandlerReceivesTheMessage(int qos) {
            GatewayClient client = connected(emulator.newGateway());
            String topic = userTopic(client.gatewayId(), "aos_test");
            List<TopicMessage> received = new CopyOnWriteArrayList<>();
            await(client.subscribe(topic, qos, received::add));

            await(client.publish(topic, "hello".getBytes(StandardCharsets.UTF_8), qos));

            await().atMost(30, TimeUnit.SECONDS).until(() -> !received.isEmpty());
            assertThat(received.get(0).topic()).isEqualTo(topic);
            assertThat(received.get(0).payloadAsString()).isEqualTo("hello");
        }

        @Test
        void givenAWildcardSubscriptionOfALoggedInSubDevice_whenPublishingBelowIt_thenTheHandlerReceives() {
            List<SubDeviceCredentials> subs = credentials(emulator.newSubDevices(1));
            GatewayClient client = withLoggedIn(emulator.newGateway(), subs);
            DeviceId sub = subs.get(0).device();
            List<TopicMessage> received = new CopyOnWriteArrayList<>();
            await(client.subscribe(userTopic(sub, "#"), 1, received::add));

            await(client.publish(userTopic(sub, "state/now"), new byte[] {1, 2}, 1));

            await().atMost(30, TimeUnit.SECONDS).until(() -> received.size() == 1);
            assertThat(received.get(0).payload()).containsExactly(1, 2);
        }

        @Test
        void givenASubDeviceThatPublishedAndLoggedOut_whenPublishingToTheSameTopic_thenItIsOutsideTheNamespaces() {
            List<SubDeviceCredentials> subs = credentials(emulator.newSubDevices(1));
            GatewayClient client = withLoggedIn(emulator.newGateway(), subs);
            DeviceId sub = subs.get(0).device();
            String topic = userTopic(sub, "state");
            await(client.publish(topic, new byte[] {1}, 1));

            await(client.logout(List.of(sub)));

            assertThatThrownBy(() -> client.publish(topic, new byte[] {2}, 1))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("outside the namespace");
        }

        @Test
        void givenAnUnsubscribedTopic_whenPublishing_thenTheFormerHandlerHearsNothing() {
            GatewayClient client = connected(emulator.newGateway());
            String topic = userTopic(client.gatewayId(), "gone");
            String control = userTopic(client.gatewayId(), "control");
            List<String> received = new CopyOnWriteArrayList<>();
            await(client.subscribe(topic, 1, m -> received.add(m.topic())));
            await(client.subscribe(control, 1, m -> received.add(m.topic())));

            await(client.unsubscribe(topic));
            await(client.publish(topic, new byte[0], 1));
            await(client.publish(control, new byte[0], 1));

            // messages of one connection arrive in order: once the control message is in, the other would be too
            await().atMost(30, TimeUnit.SECONDS).until(() -> received.contains(control));
            assertThat(received).containsExactly(control);
        }

        @Test
        void givenASlowSubscriptionHandler_whenAnotherTopicReceives_thenItsHandlerIsNotHeldUp() {
            GatewayClient client = connected(emulator.newGateway());
            CountDownLatch release = new CountDownLatch(1);
            AtomicInteger fast = new AtomicInteger();
            String slowTopic = userTopic(client.gatewayId(), "slow");
            String fastTopic = userTopic(client.gatewayId(), "fast");
            await(client.subscribe(slowTopic, 1, m -> awaitQuietly(release)));
            await(client.subscribe(fastTopic, 1, m -> fast.incrementAndGet()));

            await(client.publish(slowTopic, new byte[0], 1));
            await(client.publish(fastTopic, new byte[0], 1));

            await().atMost(30, TimeUnit.SECONDS).until(() -> fast.get() == 1);
            release.countDown();
        }

        @ParameterizedTest(name = "QoS {0}")
        @ValueSource(ints = {0, 1})
        void givenStagesAttachedBeforeAPublishCompletes_whenSent_thenTheyRunOnTheCallbackExecutorsThreads(int qos) {
            // the application's executor holds each task until the gate opens: the stages below are surely attached
            // before the client completes the future, so they run on whichever thread completes it
            AtomicReference<CountDownLatch> gate = new AtomicReference<>(new CountDownLatch(0));
            ExecutorService application =
                    Executors.newCachedThreadPool(task -> new Thread(task, "application-callback"));
            emulator.closeAfterTest(application::shutdownNow);
            GatewayClient client = TestPlatform.client(emulator, config(emulator, emulator.newGateway(), store)
                    .callbackExecutor(task -> application.execute(() -> {
                        awaitQuietly(gate.get());
                        task.run();
                    })));
            await(client.connect());
            gate.set(new CountDownLatch(1));

            String topic = userTopic(client.gatewayId(), "threads");
            CompletableFuture<Void> publish = client.publish(topic, new byte[] {1}, qos);
            CompletableFuture<String> appliedOn = publish.thenApply(sent -> Thread.currentThread().getName());
            CompletableFuture<String> completedOn = new CompletableFuture<>();
            publish.whenComplete((sent, error) -> completedOn.complete(Thread.currentThread().getName()));
            gate.get().countDown();

            assertThat(await(appliedOn)).isEqualTo("application-callback");
            assertThat(await(completedOn)).isEqualTo("application-callback");
        }

        @Test
        void givenATopicOfExactly128CharactersAndAPayloadOf256KiB_whenPublishing_thenBothAreAccepted() {
            GatewayClient client = connected(emulator.newGateway());
            String prefix = userTopic(client.gatewayId(), "");
            String topic = prefix + "x".repeat(Validation.MAX_TOPIC_LENGTH - prefix.length());

            await(client.publish(topic, new byte[Validation.MAX_PAYLOAD_BYTES], 1));

            assertThat(topic).hasSize(128);
        }

        @Test
        void givenBadInput_whenSubscribingOrPublishing_thenItIsRefusedAndNothingIsSent() {
            GatewayClient client = connected(emulator.newGateway());
            DeviceId gw = client.gatewayId();
            DeviceId stranger = emulator.newSubDevice().id();
            String own = userTopic(gw, "aos_test");
            int sentBefore = emulator.messagesFrom(gw);

            List<Runnable> bad = List.of(
                    () -> client.publish(own + "/" + "x".repeat(128), new byte[0], 0),
                    () -> client.publish(userTopic(gw, "+"), new byte[0], 0),
                    () -> client.publish(userTopic(gw, "#"), new byte[0], 0),
                    () -> client.publish(own, new byte[0], 2),
                    () -> client.publish(own, new byte[Validation.MAX_PAYLOAD_BYTES + 1], 0),
                    () -> client.publish(own, null, 0),
                    () -> client.publish("", new byte[0], 0),
                    () -> client.publish("no/leading/slash", new byte[0], 0),
                    () -> client.publish(userTopic(DeviceId.of(gw.productKey(), "other"), "x"), new byte[0], 0),
                    () -> client.publish(userTopic(stranger, "x"), new byte[0], 0),
                    () -> client.subscribe(userTopic(stranger, "#"), 0, m -> { }),
                    () -> client.subscribe("/+/" + gw.deviceName() + "/user/x", 0, m -> { }),
                    () -> client.subscribe(own + "/a#", 0, m -> { }),
                    () -> client.subscribe(own, -1, m -> { }),
                    () -> client.subscribe(own, 0, null),
                    () -> client.addTopo(List.of()),
                    () -> client.login(null),
                    () -> client.logout(List.of()),
                    () -> client.registerSubDevices(List.of()));

            assertThat(bad).allSatisfy(call -> assertThatThrownBy(call::run)
                    .isInstanceOf(InvalidRequestException.class));
            assertThatThrownBy(() -> client.publish(userTopic(gw, "a\rb"), new byte[0], 0))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessage("topic: level 4 has the control character U+000D at position 2");
            assertThatThrownBy(() -> client.subscribe(userTopic(gw, "a b/#"), 0, m -> { }))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessage("topic filter: level 4 has the whitespace U+0020 at position 2");
            assertThatThrownBy(() -> client.postEvent(gw, "alarm\u001B", Map.of()))
                    .isInstanceOf(InvalidRequestException.class).hasMessageStartingWith("eventId has the control");
            assertThatThrownBy(() -> SubDeviceCredentials.of("pk", "sub\n", "secret"))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessage("deviceName has the control character U+000A at position 4");
            assertThatThrownBy(() -> SubDeviceCredentials.of("", "sub", "secret"))
                    .isInstanceOf(InvalidRequestException.class);
            assertThatThrownBy(() -> SubDeviceCredentials.of("pk", "sub/1", "secret"))
                    .isInstanceOf(InvalidRequestException.class);
            assertThatThrownBy(() -> SubDeviceCredentials.of("pk", "sub", ""))
                    .isInstanceOf(InvalidRequestException.class);
            assertThat(emulator.messagesFrom(gw)).isEqualTo(sentBefore);
        }
    }

    private static String userTopic(DeviceId device, String name) {
        return "/" + device.productKey() + "/" + device.deviceName() + "/user/" + name;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
