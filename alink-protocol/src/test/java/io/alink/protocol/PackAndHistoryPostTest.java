package io.alink.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** pack/post and history/post: topics, methods, the documented payload shapes and the limits. */
class PackAndHistoryPostTest {

    private static final DeviceId GATEWAY = DeviceId.of("a1GwPk0001", "gw01");
    private static final DeviceId SUB1 = DeviceId.of("a1SubPk001", "sub01");
    private static final DeviceId SUB2 = DeviceId.of("a1SubPk001", "sub02");

    @Test
    void givenTheGatewaysTopics_whenBuiltAndParsed_thenTheyAreTheDocumentedOnesWithTheirMethods() {
        AlinkTopic pack = AlinkTopic.of(TopicKind.PROPERTY_PACK_POST, GATEWAY);
        AlinkTopic history = AlinkTopic.of(TopicKind.PROPERTY_HISTORY_POST, GATEWAY);

        assertThat(pack.topic()).isEqualTo("/sys/a1GwPk0001/gw01/thing/event/property/pack/post");
        assertThat(pack.replyTopic().topic()).isEqualTo("/sys/a1GwPk0001/gw01/thing/event/property/pack/post_reply");
        assertThat(history.topic()).isEqualTo("/sys/a1GwPk0001/gw01/thing/event/property/history/post");
        assertThat(AlinkTopic.parse(history.replyTopic().topic())).contains(history.replyTopic());
        assertThat(TopicKind.PROPERTY_PACK_POST.method()).isEqualTo("thing.event.property.pack.post");
        assertThat(TopicKind.PROPERTY_HISTORY_POST.method()).isEqualTo("thing.event.property.history.post");
    }

    @Test
    void givenAPack_whenWrittenAndReadBack_thenItIsTheDocumentedShapeAndTheSameValues() {
        PackPost pack = PackPost.builder()
                .property("Power", "on", 1000)
                .properties(SUB1, Map.of("Temperature", 21.5), 2000)
                .event(SUB1, "alarm", Map.of("level", 2), 2001)
                .property(SUB2, "Count", 7, 3000)
                .build();

        JsonNode params = pack.params();

        assertThat(params.path("properties").path("Power").path("value").asText()).isEqualTo("on");
        assertThat(params.path("properties").path("Power").path("time").asLong()).isEqualTo(1000);
        assertThat(params.path("subDevices").get(0).path("identity").path("deviceName").asText()).isEqualTo("sub01");
        assertThat(params.path("subDevices").get(0).path("events").path("alarm").path("value").path("level").asInt())
                .isEqualTo(2);
        assertThat(PackPost.parse(AlinkJson.parse(AlinkJson.toBytes(params)), 0)).isEqualTo(pack);
        assertThat(pack.propertyCount()).isEqualTo(3);
        assertThat(pack.eventCount()).isEqualTo(1);
        assertThat(pack.devices()).containsExactly(SUB1, SUB2);
        assertThat(pack.latestTime()).isEqualTo(3000);
    }

    @Test
    void givenAlibabasSamplePayload_whenParsed_thenValuesWithoutATimeGetTheReceiptTime() {
        JsonNode params = AlinkJson.parse("""
                {"properties": {"Power": {"value": "on", "time": 1524448722000}, "WF": {"value": {}}},
                 "events": {"alarmEvent1": {"value": {"param1": "on"}, "time": "1524448722000"}},
                 "subDevices": [{"identity": {"productKey": "a1SubPk001", "deviceName": "sub01"},
                                 "properties": {"Power": {"value": "on", "time": 1524448722000}}}]}""");

        PackPost pack = PackPost.parse(params, 42);

        assertThat(pack.properties().get("WF").time()).isEqualTo(42);
        assertThat(pack.events().get("alarmEvent1").time()).isEqualTo(1524448722000L);
        assertThat(pack.subDevices().get(0).properties().get("Power").value().asText()).isEqualTo("on");
    }

    @Test
    void givenMalformedPacks_whenParsed_thenTheErrorNamesWhereAndWhat() {
        assertThatThrownBy(() -> PackPost.parse(AlinkJson.parse("[]"), 0)).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> PackPost.parse(AlinkJson.parse(
                "{\"subDevices\": [{\"identity\": {\"productKey\": \"a1SubPk001\"}}]}"), 0))
                .isInstanceOf(AlinkFormatException.class).hasMessageContaining("subDevices[0].identity");
        assertThatThrownBy(() -> PackPost.parse(AlinkJson.parse(
                "{\"properties\": {\"Temp\": {\"value\": 1, \"time\": \"soon\"}}}"), 0))
                .hasMessageContaining("properties.Temp.time must be epoch milliseconds");
        assertThatThrownBy(() -> PackPost.parse(AlinkJson.parse("{\"properties\": {\"Temp\": 21}}"), 0))
                .hasMessageContaining("properties.Temp must be");
        String twice = "{\"identity\": {\"productKey\": \"a1SubPk001\", \"deviceName\": \"sub01\"}}";
        assertThatThrownBy(() -> PackPost.parse(AlinkJson.parse("{\"subDevices\": [" + twice + "," + twice + "]}"), 0))
                .hasMessageContaining("appears twice");
    }

    @Test
    void givenTheDocumentedLimits_whenAMessageIsOverOne_thenTheProblemNamesTheCountAndTheLimit() {
        assertThat(PackLimits.PACK).isEqualTo(new PackLimits(20, 200, 20));
        assertThat(PackLimits.PACK.problem(20, 200, 20)).isEmpty();
        assertThat(PackLimits.PACK.problem(21, 1, 0)).contains("21 sub-devices in one message; at most 20");
        assertThat(PackLimits.PACK.problem(1, 201, 0)).contains("201 properties in one message; at most 200");
        assertThat(PackLimits.PACK.problem(1, 1, 21)).contains("21 events in one message; at most 20");
        assertThat(PackLimits.aheadProblem(1000 + 24 * 3600 * 1000L, 1000)).isEmpty();
        assertThat(PackLimits.aheadProblem(1001 + 24 * 3600 * 1000L, 1000)).get().asString()
                .contains("more than 24 h ahead");
    }

    @Test
    void givenAPackBuilder_whenAPropertyWouldRepeatOrOverflow_thenFitsSaysNoAndARepeatIsRefused() {
        PackPost.Builder builder = PackPost.builder().property(SUB1, "Temperature", 1, 1);
        PackLimits two = new PackLimits(2, 3, 0);

        assertThat(builder.fits(SUB1, List.of("Temperature"), two)).isFalse();
        assertThat(builder.fits(SUB1, List.of("Count", "Setpoint"), two)).isTrue();
        assertThat(builder.fits(SUB2, List.of("A", "B", "C"), two)).isFalse();
        assertThatThrownBy(() -> builder.property(SUB1, "Temperature", 2, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already holds");
        assertThatThrownBy(() -> builder.property(SUB1, "bad/id", 2, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThat(builder.build().subDevices()).hasSize(1);
    }

    @Test
    void givenValuesOfDevicesInTurns_whenBuilt_thenEachDeviceHoldsItsOwnInOrderAndRepeatsAreRefused() {
        PackPost.Builder builder = PackPost.builder()
                .event(SUB2, "alarm", Map.of("level", 1), 1)
                .property(SUB1, "A", 1L, 1)
                .property(SUB2, "A", 2L, 2)
                .property(SUB1, "B", 3L, 3);

        assertThatThrownBy(() -> builder.property(SUB2, "A", 4L, 4)).hasMessageContaining("already holds");
        assertThatThrownBy(() -> builder.property(DeviceId.of("a1SubPk001", "sub03"), "bad/id", 5L, 5))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(builder.fits(SUB1, List.of("C"), new PackLimits(2, 10, 10))).isTrue();
        assertThat(builder.fits(DeviceId.of("a1SubPk001", "sub04"), List.of("C"), new PackLimits(2, 10, 10)))
                .isFalse();
        PackPost pack = builder.build();
        assertThat(pack.devices()).containsExactly(SUB1, SUB2);
        assertThat(pack.subDevices().get(0).properties()).containsOnlyKeys("A", "B");
        assertThat(pack.subDevices().get(1).properties()).containsOnlyKeys("A");
        assertThat(pack.propertyCount()).isEqualTo(3);
    }

    @Test
    void givenAPackOfEveryKindOfValue_whenItsEnvelopeIsWrittenStraightToBytes_thenTheSameBytesAsFromItsTree() {
        Map<String, Object> struct = new java.util.LinkedHashMap<>();
        struct.put("text", "a \"quoted\" \u00e9\n");
        struct.put("list", List.of(1, 2.5));
        struct.put("none", null);
        PackPost pack = PackPost.builder()
                .property("Power", "on", 1000)
                .event("boot", Map.of("reason", "power"), 1001)
                .property(SUB1, "Count", 7L, 2000)
                .property(SUB1, "Ratio", 0.1, 2000)
                .property(SUB1, "Big", new java.math.BigDecimal("12345678901234567890.5"), 2000)
                .property(SUB1, "On", true, 2000)
                .property(SUB1, "Struct", struct, 2000)
                .event(SUB2, "alarm", Map.of("level", 2), 2001)
                .build();

        byte[] streamed = AlinkRequest.toBytes("42", AlinkRequest.VERSION, "thing.event.property.pack.post", 0,
                pack::writeParams);
        ObjectNode tree = AlinkJson.object().put("id", "42").put("version", AlinkRequest.VERSION);
        tree.set("params", pack.params());
        tree.putObject("sys").put("ack", 0);
        byte[] fromTree = AlinkJson.toBytes(tree.put("method", "thing.event.property.pack.post"));

        assertThat(new String(streamed, java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo(new String(fromTree, java.nio.charset.StandardCharsets.UTF_8))
                .contains("\"sys\":{\"ack\":0}");
        assertThat(new AlinkRequest("42", AlinkRequest.VERSION, pack.params(), "thing.event.property.pack.post", 0)
                .toBytes()).isEqualTo(fromTree);
    }

    @Test
    void givenPlainValuesOfEveryKind_whenTimed_thenTheSameNodesAsJacksonMakesOfThem() {
        for (Object value : List.of(7, 7L, 3_000_000_000L, 21.5, -0.0, "on", true, (short) 3, 0.1f,
                Double.NaN, Map.of("level", 2), new java.math.BigDecimal("1.50"))) {
            JsonNode expected = AlinkJson.MAPPER.valueToTree(value);

            assertThat(TimedValue.of(value, 1).value()).as("%s", value).isEqualTo(expected)
                    .hasSameClassAs(expected);
        }
    }

    @Test
    void givenAPack_whenTurnedIntoHistory_thenEveryValueKeepsItsTimeUnderItsDevicesIdentity() {
        PackPost pack = PackPost.builder().property("Uptime", 5, 10)
                .property(SUB1, "Temperature", 21.5, 20).event(SUB1, "alarm", Map.of(), 21).build();

        HistoryPost history = pack.toHistory(GATEWAY);

        assertThat(history.devices()).containsExactly(GATEWAY, SUB1);
        assertThat(history.entries().get(1).properties()).containsExactly(Map.of("Temperature",
                TimedValue.of(21.5, 20)));
        assertThat(history.entries().get(1).events().get(0).get("alarm").time()).isEqualTo(21);
        assertThat(history.propertyCount()).isEqualTo(2);
        assertThat(history.eventCount()).isEqualTo(1);
    }

    @Test
    void givenRepeatedValuesOfOneProperty_whenBuiltAsHistory_thenEachLandsInItsOwnSnapshotAndReadsBack() {
        HistoryPost history = HistoryPost.builder()
                .property(SUB1, "Temperature", 20.0, 1000).property(SUB1, "Count", 1, 1000)
                .property(SUB1, "Temperature", 20.5, 2000).build();

        JsonNode params = history.params();

        assertThat(params.get(0).path("properties")).hasSize(2);
        assertThat(params.get(0).path("properties").get(1).path("Temperature").path("time").asLong()).isEqualTo(2000);
        assertThat(HistoryPost.parse(AlinkJson.parse(AlinkJson.toBytes(params)))).isEqualTo(history);
        assertThat(history.latestTime()).isEqualTo(2000);
        assertThat(history.limitProblem(new PackLimits(20, 2, 20))).isPresent();
    }

    @Test
    void givenMalformedHistory_whenParsed_thenTheErrorNamesWhereAndWhat() {
        assertThatThrownBy(() -> HistoryPost.parse(AlinkJson.parse("{}"))).hasMessageContaining("non-empty JSON array");
        assertThatThrownBy(() -> HistoryPost.parse(AlinkJson.parse("""
                [{"identity": {"productKey": "a1SubPk001", "deviceName": "sub01"},
                  "properties": [{"Temperature": {"value": 20}}]}]""")))
                .isInstanceOf(AlinkFormatException.class)
                .hasMessageContaining("params[0].properties[0].Temperature.time is missing");
        assertThatThrownBy(() -> HistoryPost.parse(AlinkJson.parse("""
                [{"identity": {"productKey": "a1SubPk001", "deviceName": "sub01"}, "properties": {}}]""")))
                .hasMessageContaining("params[0].properties must be a JSON array");
    }
}
