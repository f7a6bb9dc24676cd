package io.alink.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import io.alink.gateway.FakeTransport.Publish;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.AlinkTopic;
import io.alink.protocol.DeviceId;
import io.alink.protocol.SubDeviceEntries;
import io.alink.protocol.TopicKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Fuzz target: whatever the platform (or anyone able to publish to the gateway's topics) sends. Nothing escapes the
 * client's handling to the transport's thread, nothing is logged at ERROR, the client stays connected and answers
 * requests, and whatever it publishes in answer goes to a topic of its own devices, a reply being a well-formed
 * Alink reply (string id, int code).
 *
 * <p>An input is {@code topic \n payload}, delivered as an inbound message to one client shared by all inputs: its
 * {@link FakeTransport} plays the platform, confirming every login the client sends. The gateway has two logged-in
 * sub-devices, a service handler and a custom subscription. See docs/fuzzing.md.
 */
class InboundFuzzTest {

    private static final DeviceId GATEWAY = DeviceId.of("a1GwFuzz01", "gw01");
    private static final List<SubDeviceCredentials> SUBS = List.of(
            new SubDeviceCredentials(DeviceId.of("a1SubFuzz1", "sub1"), "SubSecret1", null),
            new SubDeviceCredentials(DeviceId.of("a1SubFuzz1", "sub2"), "SubSecret2", null));
    private static final Set<DeviceId> OWN = Set.of(GATEWAY, SUBS.get(0).device(), SUBS.get(1).device());
    private static final String LOGIN = AlinkTopic.of(TopicKind.BATCH_LOGIN, GATEWAY).topic();
    private static final String TOPO_GET = AlinkTopic.of(TopicKind.TOPO_GET, GATEWAY).topic();
    /** Every so many inputs the client must still answer a request: cheap enough, and a stuck client shows soon. */
    private static final int CHECK_EVERY = 256;
    private static final long WAIT_MS = 30_000;

    private static final FakeTransport PLATFORM = new FakeTransport();
    private static final ExecutorService CALLBACKS = Executors.newSingleThreadExecutor();
    private static final ListAppender<ILoggingEvent> LOGGED = new ListAppender<>();
    private static long inputs;

    @TempDir
    static Path store;
    private static GatewayClient client;

    @BeforeAll
    static void connectedWithLoggedInSubDevices() {
        // the client's WARN lines on malformed messages are expected by the thousand; only ERROR is a finding
        Logger library = (Logger) LoggerFactory.getLogger("io.alink");
        library.setLevel(Level.ERROR);
        library.addAppender(LOGGED);
        LOGGED.start();
        client = GatewayClient.create(GatewayConfig.builder()
                .productKey(GATEWAY.productKey()).deviceName(GATEWAY.deviceName()).deviceSecret("GatewaySecret01")
                .endpoint("127.0.0.1", 1883, false).storeDir(store).maxLoginsPerSecond(1_000)
                .requestTimeout(Duration.ofSeconds(30)).callbackExecutor(CALLBACKS).build(), PLATFORM::attach);
        client.onServiceCall(ServiceHandler.sync(call -> ServiceReply.success(call.params())));
        answered(client.connect());
        answered(client.login(SUBS));
        answered(client.subscribe(AlinkTopic.custom(GATEWAY, "down").topic(), 0, message -> { }));
        answered(client.subscribe("/" + SUBS.get(0).device().productKey() + "/sub1/user/#", 0, message -> { }));
        // the first round loads (and Jazzer instruments) the request path: slow once, and not a stall
        stillServing();
    }

    @AfterAll
    static void close() {
        PLATFORM.loseConnection();
        client.closeAsync().orTimeout(WAIT_MS, TimeUnit.MILLISECONDS).join();
        CALLBACKS.shutdown();
    }

    @FuzzTest
    void anyInbound(byte[] input) {
        // ISO-8859-1 maps byte to char one to one: where the newline is, whatever the bytes around it
        int newline = new String(input, StandardCharsets.ISO_8859_1).indexOf('\n');
        newline = newline < 0 ? input.length : newline;
        String topic = new String(input, 0, newline, StandardCharsets.UTF_8);
        byte[] payload = Arrays.copyOfRange(input, Math.min(newline + 1, input.length), input.length);
        LOGGED.list.clear();

        PLATFORM.deliverNow(topic, payload);
        settle();
        answerPlatformRequests();

        assertThat(LOGGED.list).extracting(ILoggingEvent::getFormattedMessage).isEmpty();
        assertThat(client.isConnected()).isTrue();
        if (++inputs % CHECK_EVERY == 0) {
            stillServing();
        }
    }

    /** The service handler's answers are sent from the callback executor: wait for those of this input. */
    private static void settle() {
        CompletableFuture.runAsync(() -> { }, CALLBACKS).orTimeout(WAIT_MS, TimeUnit.MILLISECONDS).join();
    }

    /**
     * Checks what the client sent since the last input and plays the platform's part: a login (after a 520) is
     * confirmed, a topology query answered with an empty topology.
     */
    private static void answerPlatformRequests() {
        for (Object sent : PLATFORM.drain()) {
            if (!(sent instanceof Publish publish)) {
                continue;
            }
            assertThat(AlinkTopic.parse(publish.topic())).as("topic of %s", publish)
                    .hasValueSatisfying(topic -> assertThat(OWN).contains(topic.device()));
            if (publish.topic().endsWith("_reply")) {
                assertWellFormedReply(publish);
            } else if (publish.topic().equals(LOGIN)) {
                JsonNode params = publish.request().params();
                PLATFORM.replySuccess(publish, SubDeviceEntries.identities(SubDeviceEntries.devices(
                        params.has("deviceList") ? params.get("deviceList") : params)));
            } else if (publish.topic().equals(TOPO_GET)) {
                PLATFORM.replySuccess(publish, AlinkJson.nodes().arrayNode());
            }
        }
    }

    private static void assertWellFormedReply(Publish publish) {
        JsonNode reply = AlinkJson.parse(publish.payload());
        assertThat(reply.path("id").isTextual()).as("string id in %s", publish).isTrue();
        assertThat(reply.path("code").isInt()).as("int code in %s", publish).isTrue();
    }

    /** The client still answers a request, and sub-devices a topo/change took away are logged in again. */
    private static void stillServing() {
        answered(client.getTopo());
        List<SubDeviceCredentials> missing = new ArrayList<>(SUBS);
        missing.removeIf(sub -> client.loggedIn().contains(sub.device()));
        if (!missing.isEmpty()) {
            answered(client.login(missing));
        }
    }

    /** Waits for {@code request}, answering what the client sends meanwhile; failing when it never completes. */
    private static <T> T answered(CompletableFuture<T> request) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (!request.isDone()) {
            assertThat(System.nanoTime()).as("the client answered in time").isLessThan(deadline);
            Thread.onSpinWait();
            answerPlatformRequests();
            PLATFORM.settle();
            settle();
        }
        return request.join();
    }
}
