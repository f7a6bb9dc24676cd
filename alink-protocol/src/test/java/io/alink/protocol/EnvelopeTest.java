package io.alink.protocol;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class EnvelopeTest {

    @Test
    void everyRequestOfTheOfficialCaptureParsesAndKeepsItsIdVerbatim() throws Exception {
        OfficialSdkCapture capture = new OfficialSdkCapture();
        int parsed = 0;
        for (OfficialSdkCapture.Publish p : capture.publishes()) {
            if (!p.payload().startsWith("{\"id\"")) {
                continue;
            }
            AlinkRequest request = AlinkRequest.parse(p.payload().getBytes(UTF_8));
            JsonNode raw = AlinkJson.parse(p.payload());
            assertThat(request.id()).isEqualTo(raw.get("id").asText());
            parsed++;
        }
        assertThat(parsed).isGreaterThan(20);
        AlinkRequest nodePost = AlinkRequest.parse(capture.publishes(1, "/sub01/thing/event/property/post").get(0)
                .payload().getBytes(UTF_8));
        assertThat(nodePost.id()).isEqualTo("4|exp-topic|/sys/a1SubPk001/sub01/thing/event/property/post_reply");
        assertThat(nodePost.method()).isEqualTo("thing.event.property.post");
    }

    @Test
    void linkSdk4TopoGetWithStringParamsAndEmptyIdIsAccepted() {
        AlinkRequest request = AlinkRequest.parse("{\"id\":\"\",\"version\":\"1.0\",\"params\":\"{}\"}".getBytes(UTF_8));
        assertThat(request.id()).isEmpty();
        assertThat(request.params().isObject()).isTrue();
        assertThat(request.method()).isNull();
        assertThat(request.wantsReply()).isTrue();
    }

    @Test
    void numericIdIsKeptAsItsDigitsAndAckZeroMeansNoReply() {
        AlinkRequest request = AlinkRequest.parse("{\"id\":4294967295,\"params\":{},\"sys\":{\"ack\":0}}".getBytes(UTF_8));
        assertThat(request.id()).isEqualTo("4294967295");
        assertThat(request.wantsReply()).isFalse();
        assertThat(request.ack()).isZero();
    }

    @Test
    void aReplyAlwaysCarriesIdAsStringCodeAsNumberDataAndMessage() {
        JsonNode wire = AlinkJson.parse(AlinkReply.success("7", null).toBytes());
        assertThat(wire.get("id").isTextual()).isTrue();
        assertThat(wire.get("code").isInt()).isTrue();
        assertThat(wire.get("data").isObject()).isTrue();
        assertThat(wire.get("message").asText()).isEqualTo("success");

        JsonNode error = AlinkJson.parse(AlinkReply.error("8", ReplyCode.REQUEST_PARAMETER_ERROR, "bad").toBytes());
        assertThat(error.get("code").asInt()).isEqualTo(460);
        assertThat(error.has("data")).isTrue();
    }

    @Test
    void aReplyRoundTripsAndAcceptsACodeGivenAsText() {
        AlinkReply reply = AlinkReply.parse("{\"id\":\"3\",\"code\":\"6100\",\"data\":[1],\"message\":\"nope\"}"
                .getBytes(UTF_8));
        assertThat(reply.code()).isEqualTo(6100);
        assertThat(reply.isSuccess()).isFalse();
        assertThat(AlinkReply.parse(reply.toBytes())).isEqualTo(reply);
        assertThat(AlinkReply.parse("{\"id\":\"3\",\"code\":200}".getBytes(UTF_8)).message()).isEqualTo("success");
    }

    @Test
    void aRequestRoundTripsThroughItsWireForm() {
        AlinkRequest request = new AlinkRequest("12", "1.0", AlinkJson.parse("[{\"a\":1}]"), "thing.topo.add", 1);
        assertThat(AlinkRequest.parse(request.toBytes())).isEqualTo(request);
    }

    @Test
    void whatCannotBeWrittenBackAsItWasReadIsAFormatError() {
        assertThatThrownBy(() -> AlinkRequest.parse("{\"id\":\"1\",\"params\":{\"t\":1e999}}".getBytes(UTF_8)))
                .isInstanceOf(AlinkFormatException.class).hasMessageContaining("number out of range");
        assertThatThrownBy(() -> AlinkRequest.parse("{\"id\":\"1\",\"params\":\"\\\"{}\\\"\"}".getBytes(UTF_8)))
                .isInstanceOf(AlinkFormatException.class).hasMessageContaining("params is a string holding");
    }

    @Test
    void malformedPayloadsAreFormatErrorsWithAReason() {
        assertThatThrownBy(() -> AlinkRequest.parse("{\"id\":\"1\",".getBytes(UTF_8)))
                .isInstanceOf(AlinkFormatException.class).hasMessageContaining("malformed JSON");
        assertThatThrownBy(() -> AlinkRequest.parse("[1,2]".getBytes(UTF_8)))
                .isInstanceOf(AlinkFormatException.class).hasMessageContaining("object");
        assertThatThrownBy(() -> AlinkRequest.parse("{\"id\":{},\"params\":{}}".getBytes(UTF_8)))
                .isInstanceOf(AlinkFormatException.class).hasMessageContaining("id");
        assertThatThrownBy(() -> AlinkRequest.parse(new byte[0])).isInstanceOf(AlinkFormatException.class);
        assertThatThrownBy(() -> AlinkReply.parse("{\"id\":\"1\"}".getBytes(UTF_8)))
                .isInstanceOf(AlinkFormatException.class).hasMessageContaining("code");
        String deep = "[".repeat(5000) + "]".repeat(5000);
        assertThatThrownBy(() -> AlinkRequest.parse(("{\"params\":" + deep + "}").getBytes(UTF_8)))
                .isInstanceOf(AlinkFormatException.class);
    }

    @Test
    void haasMalformedDeviceInfoIsAFormatErrorNotACrash() {
        String haas = "{\"id\":\"1\",\"params\":[{\"attrKey\":\"SYS_SDK_LANGUAGE\",\"attrValue\":\"C\",\"domain\":\"SYSTEM\"}"
                + "{\"attrKey\":\"SYS_LP_SDK_VERSION\",\"attrValue\":\"1\",\"domain\":\"SYSTEM\"}]}";
        assertThatThrownBy(() -> AlinkRequest.parse(haas.getBytes(UTF_8))).isInstanceOf(AlinkFormatException.class);
    }
}
