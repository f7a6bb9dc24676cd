package io.alink.daemon;

import static io.alink.daemon.Http.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.emulator.Emulator;
import io.alink.emulator.EmulatorConfig;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.DeviceId;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A poison message posted through the southbound API: one the platform answers by closing the connection (here, bigger
 * than the broker's packet limit). It ends in the outbox's dead letters, which the API lists, re-queues and deletes,
 * and it holds up no other message.
 */
class DeadLetterApiTest {

    /** The broker closes the connection of a device that sends a bigger packet. */
    private static final int BROKER_MAX_PACKET_BYTES = 16 * 1024;
    private static final String POISON = "{\"blob\":\"" + "x".repeat(32 * 1024) + "\"}";
    private static final int MAX_ATTEMPTS = 5;
    private static final long POSTS = 10;
    private static final TestGateways GATEWAYS = TestGateways.of(2, 0, "gwdead");
    private static final DeviceId POISONED = GATEWAYS.subDevicesOf("gwdead").get(0);
    private static final DeviceId OTHER = GATEWAYS.subDevicesOf("gwdead").get(1);

    @TempDir
    Path dir;

    private Emulator emulator;
    private GatewayDaemon daemon;
    private Http southbound;

    @BeforeEach
    void start() throws Exception {
        EmulatorConfig.Builder config = EmulatorConfig.builder().mqttPort(0).httpPort(0).dataDir(dir.resolve("data"))
                .maxPacketBytes(BROKER_MAX_PACKET_BYTES);
        GATEWAYS.products().forEach(config::product);
        emulator = Emulator.start(config.build());
        Path yaml = Files.writeString(dir.resolve("gateway.yaml"),
                GATEWAYS.yaml("gwdead", emulator.mqttPort(), dir.resolve("store"), ""));
        daemon = GatewayDaemon.start(GatewayFile.load(yaml), dir.resolve("store"), new LogLines());
        southbound = new Http(daemon.southboundUri());
        daemon.ready().get(60, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() {
        daemon.close();
        emulator.close();
    }

    @Test
    void givenAPoisonMessagePosted_whenSent_thenItEndsInTheDeadLettersAndEveryOtherPostArrives() {
        long poison = accepted(southbound.post(Http.propertiesPath(POISONED), POISON));
        postNumbered(OTHER, 1, POSTS);
        postNumbered(POISONED, 1, POSTS);

        await().atMost(60, TimeUnit.SECONDS).until(() -> southbound.metric("alink_gateway_messages_queued") == 0);
        JsonNode dead = southbound.getJson("/v1/outbox/dead-letters");
        assertThat(dead).hasSize(1);
        JsonNode letter = dead.get(0);
        assertThat(letter.path("seq").asLong()).isEqualTo(poison);
        assertThat(letter.path("productKey").asText()).isEqualTo(POISONED.productKey());
        assertThat(letter.path("deviceName").asText()).isEqualTo(POISONED.deviceName());
        assertThat(letter.path("topic").asText()).isEqualTo("/sys/" + POISONED.productKey() + "/"
                + POISONED.deviceName() + "/thing/event/property/post");
        assertThat(letter.path("size").asInt()).isGreaterThan(BROKER_MAX_PACKET_BYTES);
        assertThat(letter.path("attempts").asInt()).isEqualTo(MAX_ATTEMPTS);
        assertThat(letter.path("reason").asText()).contains("connection was lost");
        assertThat(letter.path("time").asLong()).isPositive();
        assertThat(southbound.metric("alink_gateway_messages_dead_letters")).isEqualTo(1);
        Set<Long> all = new TreeSet<>(LongStream.rangeClosed(1, POSTS).boxed().toList());
        assertThat(Streamer.received(new Http(URI.create(emulator.httpUri()))))
                .containsEntry(OTHER, all).containsEntry(POISONED, all);
    }

    @Test
    void givenADeadLetter_whenRequeuedThenDeleted_thenItIsGivenUpAgainUnderItsNewSeqAndThenGone() {
        long poison = accepted(southbound.post(Http.propertiesPath(POISONED), POISON));
        await().atMost(60, TimeUnit.SECONDS).until(() -> southbound.metric("alink_gateway_messages_dead_letters") == 1);

        long requeued = accepted(southbound.post("/v1/outbox/dead-letters/" + poison + "/requeue", ""));

        assertThat(requeued).isGreaterThan(poison);
        assertError(southbound.post("/v1/outbox/dead-letters/" + poison + "/requeue", ""), 404,
                "no dead letter " + poison);
        await().atMost(60, TimeUnit.SECONDS).until(() -> deadLetterSeqs().equals(List.of(requeued)));

        HttpResponse<String> deleted = southbound.delete("/v1/outbox/dead-letters/" + requeued);

        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(southbound.getJson("/v1/outbox/dead-letters")).isEmpty();
        assertThat(southbound.metric("alink_gateway_messages_dead_letters")).isZero();
        assertError(southbound.delete("/v1/outbox/dead-letters/" + requeued), 404, "no dead letter " + requeued);
    }

    @Test
    void givenSeqsThatAreNotNumbersOrNotDeadLetters_whenUsed_thenBadRequestOrNotFound() {
        assertError(southbound.delete("/v1/outbox/dead-letters/first"), 400, "seq must be");
        assertError(southbound.post("/v1/outbox/dead-letters/-3/requeue", ""), 400, "seq must be");
        assertError(southbound.post("/v1/outbox/dead-letters/12345/requeue", ""), 404, "no dead letter 12345");
        assertError(southbound.delete("/v1/outbox/dead-letters/12345"), 404, "no dead letter 12345");
        assertThat(southbound.getJson("/v1/outbox/dead-letters")).isEmpty();
    }

    private void postNumbered(DeviceId device, long from, long to) {
        for (long n = from; n <= to; n++) {
            accepted(southbound.post(Http.propertiesPath(device), "{\"n\":" + n + "}"));
        }
    }

    private List<Long> deadLetterSeqs() {
        return southbound.getJson("/v1/outbox/dead-letters").findValues("seq").stream().map(JsonNode::asLong).toList();
    }

    /** The seq of a 202. */
    private static long accepted(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return AlinkJson.parse(response.body()).path("seq").asLong();
    }
}
