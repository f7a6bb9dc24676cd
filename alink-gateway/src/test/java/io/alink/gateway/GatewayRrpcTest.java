package io.alink.gateway;

import static io.alink.gateway.Futures.await;
import static io.alink.gateway.TestPlatform.config;
import static io.alink.gateway.TestPlatform.credentials;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alink.emulator.RrpcResult;
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
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Revert-RPC and sync service calls through {@link GatewayClient#rrpc()}, against a running emulator. */
class GatewayRrpcTest {

    private static final Duration CLOUD_TIMEOUT = Duration.ofSeconds(8);

    @RegisterExtension
    static final EmulatorExtension emulator = TestPlatform.emulator();

    @TempDir
    Path store;

    private GatewayClient connected(GatewayConfig.Builder config) {
        GatewayClient client = TestPlatform.client(emulator, config);
        await(client.connect());
        return client;
    }

    private GatewayClient connected() {
        return connected(config(emulator, emulator.newGateway(), store));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void givenAnRrpcHandler_whenTheCloudSendsAClassicRrpc_thenItsAnswerIsTheCloudsResult() {
        GatewayClient client = connected();
        List<RrpcRequest> requests = new CopyOnWriteArrayList<>();
        client.rrpc().onRrpc(request -> {
            requests.add(request);
            return CompletableFuture.completedFuture(bytes("echo " + new String(request.payload(),
                    StandardCharsets.UTF_8)));
        });

        RrpcResult result = await(emulator.admin().rrpc().rrpc(client.gatewayId(), null, bytes("hello"),
                CLOUD_TIMEOUT));

        assertThat(result.rrpcCode()).isEqualTo(RrpcResult.SUCCESS);
        assertThat(new String(result.payload(), StandardCharsets.UTF_8)).isEqualTo("echo hello");
        assertThat(requests).singleElement().satisfies(request -> {
            assertThat(request.device()).isEqualTo(client.gatewayId());
            assertThat(request.messageId()).isEqualTo(result.messageId());
            assertThat(request.isCustom()).isFalse();
            assertThat(request.deadline()).isAfter(Instant.now().minusSeconds(1));
        });
    }

    @Test
    void givenALoggedInSubDevice_whenTheCloudSendsItAnRrpc_thenTheHandlerAnswersForIt() {
        List<SubDeviceCredentials> subs = credentials(emulator.newSubDevices(1));
        GatewayClient client = connected();
        await(client.addTopo(subs));
        await(client.login(subs));
        DeviceId sub = subs.get(0).device();
        client.rrpc().onRrpc(request -> CompletableFuture.completedFuture(bytes(request.device().deviceName())));

        RrpcResult result = await(emulator.admin().rrpc().rrpc(sub, null, bytes("who?"), CLOUD_TIMEOUT));

        assertThat(new String(result.payload(), StandardCharsets.UTF_8)).isEqualTo(sub.deviceName());
    }

    @Test
    void givenACustomRrpcSubscription_whenTheCloudSendsOnThatTopic_thenTheHandlerSeesTheTopicAndAnswersOnIt() {
        GatewayClient client = connected();
        String topic = "/" + client.gatewayId().productKey() + "/" + client.gatewayId().deviceName() + "/user/get";
        List<RrpcRequest> requests = new CopyOnWriteArrayList<>();
        client.rrpc().onRrpc(request -> {
            requests.add(request);
            return CompletableFuture.completedFuture(bytes("pong"));
        });
        await(client.rrpc().subscribe(topic));

        RrpcResult result = await(emulator.admin().rrpc().rrpc(client.gatewayId(), topic, bytes("ping"),
                CLOUD_TIMEOUT));

        assertThat(new String(result.payload(), StandardCharsets.UTF_8)).isEqualTo("pong");
        assertThat(requests).singleElement().satisfies(request -> {
            assertThat(request.isCustom()).isTrue();
            assertThat(request.customTopic()).isEqualTo(topic);
        });
    }

    @Test
    void givenATopicThatIsNoCustomTopicOfTheGateway_whenSubscribingForRrpc_thenRefusedBeforeSending() {
        GatewayClient client = connected();

        assertThatThrownBy(() -> client.rrpc().subscribe("/sys/" + client.gatewayId().productKey() + "/"
                + client.gatewayId().deviceName() + "/thing/event/property/post"))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("custom topic");
        assertThatThrownBy(() -> client.rrpc().subscribe("/a1Other0001/other/user/get"))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("outside the namespace");
    }

    @Test
    void givenAServiceHandler_whenTheCloudInvokesASyncService_thenTheCallIsSyncWithADeadlineAndItsReplyComesBack() {
        GatewayClient client = connected();
        List<ServiceCall> calls = new CopyOnWriteArrayList<>();
        client.onServiceCall(ServiceHandler.sync(call -> {
            calls.add(call);
            return ServiceReply.success(Map.of("level", call.params().path("tank").asInt() * 10));
        }));

        AlinkReply reply = await(emulator.admin().rrpc().invokeServiceSync(client.gatewayId(), "measure",
                AlinkJson.object().put("tank", 4), CLOUD_TIMEOUT));

        assertThat(reply.code()).isEqualTo(ReplyCode.SUCCESS);
        assertThat(reply.data().path("level").asInt()).isEqualTo(40);
        assertThat(calls).singleElement().satisfies(call -> {
            assertThat(call.isSync()).isTrue();
            assertThat(call.identifier()).isEqualTo("measure");
            assertThat(call.id()).isEqualTo(reply.id());
            assertThat(call.deadline()).isNotNull();
        });
    }

    @Test
    void givenAnAsyncServiceCall_whenInvoked_thenTheCallIsNotSyncAndHasNoDeadline() {
        GatewayClient client = connected();
        List<ServiceCall> calls = new CopyOnWriteArrayList<>();
        client.onServiceCall(ServiceHandler.sync(call -> {
            calls.add(call);
            return ServiceReply.success(Map.of());
        }));

        await(emulator.admin().invokeService(client.gatewayId(), "reboot", AlinkJson.object(), CLOUD_TIMEOUT));

        assertThat(calls).singleElement().satisfies(call -> {
            assertThat(call.isSync()).isFalse();
            assertThat(call.deadline()).isNull();
        });
    }

    @Test
    void givenAnAnswerCompletedAfterTheDeadline_whenTheCloudWaits_thenItTimesOutAndTheLateAnswerIsNeverSent() {
        GatewayClient client = connected(config(emulator, emulator.newGateway(), store)
                .rrpcAnswerWindow(Duration.ofSeconds(1)));
        CompletableFuture<byte[]> late = new CompletableFuture<>();
        CompletableFuture<ServiceReply> lateReply = new CompletableFuture<>();
        List<Instant> deadlines = new CopyOnWriteArrayList<>();
        client.rrpc().onRrpc(request -> {
            deadlines.add(request.deadline());
            return late;
        });
        client.onServiceCall(call -> {
            deadlines.add(call.deadline());
            return lateReply;
        });

        RrpcResult result = await(emulator.admin().rrpc().rrpc(client.gatewayId(), null, bytes("slow"),
                Duration.ofSeconds(1)));
        CompletableFuture<AlinkReply> service = emulator.admin().rrpc().invokeServiceSync(client.gatewayId(), "slow",
                AlinkJson.object(), Duration.ofSeconds(1));
        Awaitility.await().atMost(30, TimeUnit.SECONDS).until(service::isDone);
        // the gateway counts its window from each request's arrival, which a loaded machine delays: past both
        Awaitility.await().atMost(30, TimeUnit.SECONDS).until(() -> deadlines.size() == 2
                && deadlines.stream().allMatch(deadline -> Instant.now().isAfter(deadline)));
        late.complete(bytes("too late"));
        lateReply.complete(ServiceReply.success(Map.of()));

        assertThat(result.rrpcCode()).isEqualTo(RrpcResult.TIMEOUT);
        assertThat(service).isCompletedExceptionally();
        // the cloud's log holds every message the gateway published: no response shows up
        Awaitility.await().during(1, TimeUnit.SECONDS).atMost(30, TimeUnit.SECONDS).until(() -> emulator.admin()
                .messages(client.gatewayId(), 1000).stream().noneMatch(m -> m.topic().contains("/rrpc/response/")));
    }

    @Test
    void givenAnRrpcWindowOutOfThePlatformsRange_whenBuildingTheConfig_thenRefused() {
        assertThatThrownBy(() -> config(emulator, emulator.newGateway(), store)
                .rrpcAnswerWindow(Duration.ofSeconds(9)).build())
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("rrpcAnswerWindow must be 1-8 s");
    }

    @Test
    void givenNoRrpcHandler_whenTheCloudSendsAnRrpc_thenItTimesOutAndTheClientStaysUsable() {
        GatewayClient client = connected();

        RrpcResult result = await(emulator.admin().rrpc().rrpc(client.gatewayId(), null, bytes("anyone?"),
                Duration.ofSeconds(1)));

        assertThat(result.rrpcCode()).isEqualTo(RrpcResult.TIMEOUT);
        assertThat(await(client.ntpTime())).isNotNull();
    }
}
