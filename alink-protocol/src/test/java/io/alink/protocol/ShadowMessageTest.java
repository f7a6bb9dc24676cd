package io.alink.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The shadow's wire shapes, as a device sends them and as it reads the cloud's. */
class ShadowMessageTest {

    @Test
    void givenAStaleVersion_whenTheCloudsErrorIsRead_thenItGivesTheCodeAndMessage() {
        byte[] error = AlinkJson.toBytes(ShadowMessage.error(ShadowMessage.VERSION_CONFLICT, "stale", 1_700_000_000L));

        ShadowMessage.Received read = ShadowMessage.Received.parse(error);

        assertThat(read.method()).isEqualTo(ShadowMessage.REPLY);
        assertThat(read.success()).isFalse();
        assertThat(read.errorCode()).isEqualTo(409);
        assertThat(read.errorMessage()).isEqualTo("stale");
    }

    @Test
    void givenADocument_whenRead_thenTheVersionComesFromTheTopLevelAndTheStateFromThePayload() {
        byte[] control = AlinkJson.toBytes(ShadowMessage.document(ShadowMessage.CONTROL,
                AlinkJson.parse("{\"desired\":{\"color\":\"green\"}}"), AlinkJson.object(), 7, 1L));

        ShadowMessage.Received read = ShadowMessage.Received.parse(control);

        assertThat(read.success()).isTrue();
        assertThat(read.version()).isEqualTo(7);
        assertThat(read.state().at("/desired/color").asText()).isEqualTo("green");
    }

    @Test
    void givenNoKeys_whenDeleting_thenTheWholeReportedSectionIsTheTextNull() {
        assertThat(ShadowMessage.delete(List.of(), 3).toString())
                .isEqualTo("{\"method\":\"delete\",\"state\":{\"reported\":\"null\"},\"version\":3}");
        assertThat(ShadowMessage.delete(List.of("a"), 3).at("/state/reported/a").asText()).isEqualTo("null");
    }

    @Test
    void givenAMessageWithoutPayload_whenRead_thenItIsRefused() {
        assertThatThrownBy(() -> ShadowMessage.Received.parse("{\"method\":\"reply\"}".getBytes()))
                .isInstanceOf(AlinkFormatException.class);
    }

    @Test
    void givenAConfigDescription_whenParsed_thenTheDigestAlgorithmFollowsTheSignMethodAndAMissingUrlMeansNone() {
        ConfigFile file = ConfigFile.parse(AlinkJson.parse("{\"configId\":\"c1\",\"configSize\":\"16\","
                + "\"getType\":\"file\",\"sign\":\"ab\",\"signMethod\":\"Sha256\",\"url\":\"https://x/y\"}"))
                .orElseThrow();

        assertThat(file.configSize()).isEqualTo(16);
        assertThat(file.digestAlgorithm()).contains("SHA-256");
        assertThat(new ConfigFile("c", 1, "file", "s", "Md5", "u").digestAlgorithm()).contains("MD5");
        assertThat(new ConfigFile("c", 1, "file", "s", "crc32", "u").digestAlgorithm()).isEmpty();
        assertThat(ConfigFile.parse(AlinkJson.object())).isEmpty();
        assertThatThrownBy(() -> ConfigFile.parse(AlinkJson.parse("{\"url\":\"u\",\"configSize\":\"big\"}")))
                .isInstanceOf(AlinkFormatException.class);
    }

    @Test
    void givenDesiredValues_whenParsed_thenEachHasItsValueAndVersionAndABadEntryIsRefused() {
        assertThat(DesiredValue.parseAll(AlinkJson.parse("{\"power\":{\"value\":\"on\",\"version\":2}}")))
                .containsExactly(java.util.Map.entry("power", new DesiredValue(AlinkJson.parse("\"on\""), 2)));
        assertThatThrownBy(() -> DesiredValue.parseAll(AlinkJson.parse("{\"power\":{\"value\":\"on\"}}")))
                .isInstanceOf(AlinkFormatException.class);
    }

    @Test
    void givenTagKeys_whenChecked_thenALeadingLetterAndTheDocumentedAlphabetPass() {
        assertThat(DeviceTag.keyProblem("vendor_1-a#b@c%d&e*f.g")).isEmpty();
        assertThat(DeviceTag.keyProblem("1vendor")).isPresent();
        assertThat(DeviceTag.keyProblem("ven dor")).isPresent();
        assertThat(DeviceTag.keyProblem("k".repeat(DeviceTag.MAX_KEY_LENGTH + 1))).isPresent();
        assertThat(DeviceTag.valueProblem("k", null)).isPresent();
    }
}
