package io.alink.emulator.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.alink.emulator.TestDevice;
import io.alink.emulator.TestProducts;
import io.alink.emulator.testing.DeviceIdentity;
import io.alink.emulator.testing.EmulatorExtension;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.AlinkReply;
import io.alink.protocol.AlinkTopic;
import io.alink.protocol.DeviceId;
import io.alink.protocol.HistoryPost;
import io.alink.protocol.PackPost;
import io.alink.protocol.ReplyCode;
import io.alink.protocol.SubDeviceEntries;
import io.alink.protocol.TimedValue;
import io.alink.protocol.TopicKind;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A plain MQTT client acting as a gateway sends pack/post and history/post: the platform's checks (limits, topology,
 * login, times), and the property store they feed, read through the admin API.
 */
class PackAndHistoryPostTest {

    @RegisterExtension
    static final EmulatorExtension emulator = EmulatorExtension.of(TestProducts.config());
    private static final HttpClient http = HttpClient.newHttpClient();
    private static final long HOUR = 3_600_000;

    /** A connected gateway and its sub-devices. */
    private record Gateway(TestDevice connection, List<DeviceId> subs) implements AutoCloseable {
        AlinkReply pack(PackPost pack) {
            return connection.request(TopicKind.PROPERTY_PACK_POST, TopicKind.PROPERTY_PACK_POST.method(),
                    pack.params());
        }

        AlinkReply history(HistoryPost history) {
            return connection.request(TopicKind.PROPERTY_HISTORY_POST, TopicKind.PROPERTY_HISTORY_POST.method(),
                    history.params());
        }

        @Override
        public void close() {
            connection.close();
        }
    }

    /** A connected gateway with {@code topo} new sub-devices in its topology, the first {@code loggedIn} logged in. */
    private static Gateway gateway(int topo, int loggedIn) {
        DeviceIdentity gateway = emulator.newGateway();
        List<DeviceIdentity> subs = emulator.newSubDevices(topo);
        TestDevice connection = TestDevice.connect(emulator.mqttPort(), gateway.id(), gateway.deviceSecret());
        if (topo > 0) {
            ArrayNode entries = AlinkJson.MAPPER.createArrayNode();
            subs.forEach(sub -> entries.add(TestDevice.signedEntry(sub.id(), sub.deviceSecret())));
            assertThat(connection.request(TopicKind.TOPO_ADD, null, entries).code()).isEqualTo(200);
        }
        for (DeviceIdentity sub : subs.subList(0, loggedIn)) {
            assertThat(connection.request(TopicKind.LOGIN, null, TestDevice.signedEntry(sub.id(),
                    sub.deviceSecret())).code()).isEqualTo(200);
        }
        return new Gateway(connection, subs.stream().map(DeviceIdentity::id).toList());
    }

    @Test
    void givenLoggedInSubDevices_whenAPackArrives_thenItIsAcceptedAndEveryValueIsStoredWithItsTime() throws Exception {
        try (Gateway gw = gateway(2, 2)) {
            long now = System.currentTimeMillis();
            PackPost pack = PackPost.builder().property("Uptime", 5, now - 10)
                    .properties(gw.subs().get(0), Map.of("Temperature", 21.5, "Running", true), now - 5)
                    .property(gw.subs().get(1), "Count", 7, now).build();

            AlinkReply reply = gw.pack(pack);

            assertThat(reply.code()).isEqualTo(200);
            assertThat(reply.method()).isEqualTo("thing.event.property.pack.post");
            assertThat(emulator.admin().properties(gw.subs().get(0))).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "Temperature", TimedValue.of(21.5, now - 5), "Running", TimedValue.of(true, now - 5)));
            assertThat(emulator.admin().properties(gw.connection().id())).containsEntry("Uptime",
                    TimedValue.of(5, now - 10));
            JsonNode overHttp = getJson(gw.subs().get(1));
            assertThat(overHttp).isEqualTo(AlinkJson.parse("{\"Count\": {\"value\": 7, \"time\": " + now + "}}"));
            assertThat(emulator.admin().messages(gw.connection().id(), 10)).extracting(m -> m.topic())
                    .contains(AlinkTopic.of(TopicKind.PROPERTY_PACK_POST, gw.connection().id()).topic());
        }
    }

    @Test
    void givenAPackOverEachLimit_whenItArrives_thenItIsRefusedWholeWith460AndNothingIsStored() {
        try (Gateway gw = gateway(1, 1)) {
            DeviceId sub = gw.subs().get(0);
            long now = System.currentTimeMillis();
            PackPost.Builder tooManySubs = PackPost.builder().property(sub, "Temperature", 1, now);
            IntStream.range(0, 20).forEach(i -> tooManySubs.property(DeviceId.of(TestProducts.SUB_PK, "other" + i),
                    "Temperature", 1, now));
            PackPost.Builder tooManyProperties = PackPost.builder();
            IntStream.range(0, 201).forEach(i -> tooManyProperties.property(sub, "p" + i, i, now));
            PackPost.Builder tooManyEvents = PackPost.builder().property(sub, "Temperature", 1, now);
            IntStream.range(0, 21).forEach(i -> tooManyEvents.event(sub, "e" + i, Map.of(), now));

            AlinkReply subs = gw.pack(tooManySubs.build());
            AlinkReply properties = gw.pack(tooManyProperties.build());
            AlinkReply events = gw.pack(tooManyEvents.build());
            AlinkReply ahead = gw.pack(PackPost.builder().property(sub, "Temperature", 1, now + 25 * HOUR).build());

            assertThat(List.of(subs, properties, events, ahead)).allSatisfy(reply ->
                    assertThat(reply.code()).isEqualTo(ReplyCode.REQUEST_PARAMETER_ERROR));
            assertThat(subs.message()).isEqualTo("21 sub-devices in one message; at most 20");
            assertThat(properties.message()).isEqualTo("201 properties in one message; at most 200");
            assertThat(events.message()).isEqualTo("21 events in one message; at most 20");
            assertThat(ahead.message()).contains("more than 24 h ahead");
            assertThat(emulator.admin().properties(sub)).isEmpty();
        }
    }

    @Test
    void givenASubDeviceNotInTheTopology_whenAPackNamesIt_thenTopoRelationNotExistAndNoValueOfThePackIsStored() {
        try (Gateway gw = gateway(1, 1)) {
            DeviceId stranger = emulator.newSubDevice().id();
            long now = System.currentTimeMillis();

            AlinkReply reply = gw.pack(PackPost.builder().property(gw.subs().get(0), "Temperature", 1, now)
                    .property(stranger, "Temperature", 2, now).build());

            assertThat(reply.code()).isEqualTo(ReplyCode.TOPO_RELATION_NOT_EXIST);
            assertThat(reply.data().toString()).contains(stranger.deviceName());
            assertThat(emulator.admin().properties(gw.subs().get(0))).isEmpty();
        }
    }

    @Test
    void givenASubDeviceInTheTopologyButNotLoggedIn_whenAPackNamesIt_thenNoActiveSessionAndNothingIsStored() {
        try (Gateway gw = gateway(2, 1)) {
            long now = System.currentTimeMillis();

            AlinkReply reply = gw.pack(PackPost.builder().property(gw.subs().get(0), "Temperature", 1, now)
                    .property(gw.subs().get(1), "Temperature", 2, now).build());

            assertThat(reply.code()).isEqualTo(ReplyCode.NO_ACTIVE_SESSION);
            assertThat(emulator.admin().properties(gw.subs().get(0))).isEmpty();
        }
    }

    @Test
    void givenHistory_whenItArrives_thenEveryValueIsStoredWithItsOriginalTimeAndNeverHidesANewerLatestValue() {
        try (Gateway gw = gateway(1, 1)) {
            DeviceId sub = gw.subs().get(0);
            long now = System.currentTimeMillis();
            assertThat(gw.pack(PackPost.builder().property(sub, "Temperature", 30.0, now).build()).code())
                    .isEqualTo(200);

            AlinkReply older = gw.history(HistoryPost.builder().property(sub, "Temperature", 20.0, now - 2 * HOUR)
                    .property(sub, "Temperature", 21.0, now - HOUR).property(sub, "Count", 1, now - HOUR).build());

            assertThat(older.code()).isEqualTo(200);
            assertThat(emulator.admin().properties(sub)).containsEntry("Temperature", TimedValue.of(30.0, now))
                    .containsEntry("Count", TimedValue.of(1, now - HOUR));
            assertThat(emulator.admin().propertyValues(sub, "Temperature")).containsExactly(
                    TimedValue.of(20.0, now - 2 * HOUR), TimedValue.of(21.0, now - HOUR), TimedValue.of(30.0, now));

            assertThat(gw.history(HistoryPost.builder().property(sub, "Temperature", 31.0, now + 1).build()).code())
                    .isEqualTo(200);
            assertThat(emulator.admin().properties(sub)).containsEntry("Temperature", TimedValue.of(31.0, now + 1));
        }
    }

    @Test
    void givenHistoryOfASubDeviceInTheTopologyButNotLoggedIn_whenItArrives_thenItIsAcceptedWithoutALogin() {
        try (Gateway gw = gateway(1, 0)) {
            DeviceId sub = gw.subs().get(0);
            long then = System.currentTimeMillis() - HOUR;

            AlinkReply reply = gw.history(HistoryPost.builder().property(sub, "Temperature", 19.5, then).build());

            assertThat(reply.code()).isEqualTo(200);
            assertThat(emulator.admin().properties(sub)).containsExactly(Map.entry("Temperature",
                    TimedValue.of(19.5, then)));
        }
    }

    @Test
    void givenBadHistory_whenItArrives_thenItIsRefusedWholeWithThePlatformsCodeAndNothingIsStored() {
        try (Gateway gw = gateway(1, 1)) {
            DeviceId sub = gw.subs().get(0);
            DeviceId stranger = emulator.newSubDevice().id();
            long now = System.currentTimeMillis();
            HistoryPost.Builder tooMany = HistoryPost.builder();
            IntStream.range(0, 201).forEach(i -> tooMany.property(sub, "Temperature", i, now - i));

            AlinkReply notInTopo = gw.history(HistoryPost.builder().property(sub, "Temperature", 1, now)
                    .property(stranger, "Temperature", 1, now).build());
            AlinkReply ahead = gw.history(HistoryPost.builder().property(sub, "Temperature", 1, now + 25 * HOUR)
                    .build());
            AlinkReply overLimit = gw.history(tooMany.build());
            AlinkReply noTime = gw.connection().request(TopicKind.PROPERTY_HISTORY_POST, null, AlinkJson.parse(
                    "[{\"identity\": " + SubDeviceEntries.identity(sub)
                            + ", \"properties\": [{\"Temperature\": {\"value\": 1}}]}]"));

            assertThat(notInTopo.code()).isEqualTo(ReplyCode.TOPO_RELATION_NOT_EXIST);
            assertThat(ahead.code()).isEqualTo(ReplyCode.REQUEST_PARAMETER_ERROR);
            assertThat(overLimit.code()).isEqualTo(ReplyCode.REQUEST_PARAMETER_ERROR);
            assertThat(overLimit.message()).isEqualTo("201 properties in one message; at most 200");
            assertThat(noTime.code()).isEqualTo(ReplyCode.REQUEST_PARAMETER_ERROR);
            assertThat(noTime.message()).contains("time is missing");
            assertThat(emulator.admin().properties(sub)).isEmpty();
        }
    }

    @Test
    void givenPropertyPostsInBothForms_whenTheyArrive_thenTheyFeedTheSameStore() {
        try (Gateway gw = gateway(1, 1)) {
            DeviceId sub = gw.subs().get(0);
            AlinkTopic post = AlinkTopic.of(TopicKind.PROPERTY_POST, sub);

            assertThat(gw.connection().request(post, TopicKind.PROPERTY_POST.method(), AlinkJson.parse(
                    "{\"Power\": {\"value\": \"on\", \"time\": 1524448722000}, \"Mode\": 2}")).code()).isEqualTo(200);

            assertThat(emulator.admin().properties(sub).get("Power")).isEqualTo(TimedValue.of("on", 1524448722000L));
            assertThat(emulator.admin().properties(sub).get("Mode").value().asInt()).isEqualTo(2);
            assertThat(emulator.admin().properties(sub).get("Mode").time()).isGreaterThan(1524448722000L);
        }
    }

    @Test
    void givenAnUnknownDeviceOrOneWithoutValues_whenItsPropertiesAreAskedForOverHttp_then404Or200WithNothing()
            throws Exception {
        HttpResponse<String> unknown = get("/api/devices/" + TestProducts.SUB_PK + "/nobody/properties");
        DeviceId silent = emulator.newSubDevice().id();

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(AlinkJson.parse(unknown.body()).path("error").asText()).isEqualTo("not_found");
        assertThat(AlinkJson.parse(unknown.body()).path("message").asText()).contains("nobody");
        assertThat(getJson(silent)).isEqualTo(AlinkJson.object());
    }

    private static JsonNode getJson(DeviceId device) throws Exception {
        HttpResponse<String> response = get("/api/devices/" + device.productKey() + "/" + device.deviceName()
                + "/properties");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return AlinkJson.parse(response.body());
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(emulator.httpUri() + path)).timeout(Duration.ofSeconds(30))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
