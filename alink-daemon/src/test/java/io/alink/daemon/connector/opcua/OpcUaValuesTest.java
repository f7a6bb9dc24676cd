package io.alink.daemon.connector.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alink.protocol.AlinkJson;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.milo.opcua.stack.core.OpcUaDataType;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** OPC UA values to the thing model's JSON and back, type by type. */
class OpcUaValuesTest {

    @Test
    void givenValuesOfEachBuiltInType_whenMappedToJson_thenEachHasItsJsonForm() throws Exception {
        Instant time = Instant.parse("2025-01-02T03:04:05.678Z");

        assertThat(JsonValues.of(new Variant(true))).isEqualTo(1);
        assertThat(JsonValues.of(new Variant((short) -7))).isEqualTo(-7L);
        assertThat(JsonValues.of(new Variant(Unsigned.uint(4_000_000_000L)))).isEqualTo(4_000_000_000L);
        assertThat(JsonValues.of(new Variant(Unsigned.ulong(new BigInteger("18446744073709551615")))))
                .isEqualTo(new BigInteger("18446744073709551615"));
        assertThat(JsonValues.of(new Variant(21.1f))).isEqualTo(21.1);
        assertThat(JsonValues.of(new Variant(new DateTime(time)))).isEqualTo(time.toEpochMilli());
        assertThat(JsonValues.of(new Variant(LocalizedText.english("hot")))).isEqualTo("hot");
        assertThat(JsonValues.of(new Variant(new NodeId(2, "Cell7")))).isEqualTo("ns=2;s=Cell7");
        assertThat(JsonValues.of(new Variant(ByteString.of(new byte[] {1, 2, 3})))).isEqualTo("AQID");
        assertThat(JsonValues.of(new Variant(new Integer[] {1, 2}))).isEqualTo(List.of(1L, 2L));
    }

    @Test
    void givenValuesJsonCannotCarry_whenMapped_thenTheyAreRefusedSayingWhy() {
        assertThatThrownBy(() -> JsonValues.of(new Variant(Double.NaN)))
                .isInstanceOf(JsonValues.UnmappableException.class).hasMessage("NaN cannot travel in JSON");
        assertThatThrownBy(() -> JsonValues.of(Variant.NULL_VALUE)).hasMessage("no value (null)");
        assertThatThrownBy(() -> JsonValues.of(new Variant(new Double[] {1.0, Double.POSITIVE_INFINITY})))
                .hasMessage("element 1: Infinity cannot travel in JSON");
    }

    @Test
    void givenJsonForEachWritableType_whenConverted_thenTheVariantHasTheNodesType() throws Exception {
        assertThat(convert("1", OpcUaDataType.Boolean)).isEqualTo(true);
        assertThat(convert("false", OpcUaDataType.Boolean)).isEqualTo(false);
        assertThat(convert("-32768", OpcUaDataType.Int16)).isEqualTo((short) -32768);
        assertThat(convert("65535", OpcUaDataType.UInt16)).isEqualTo(Unsigned.ushort(65535));
        assertThat(convert("18446744073709551615", OpcUaDataType.UInt64))
                .isEqualTo(Unsigned.ulong(new BigInteger("18446744073709551615")));
        assertThat(convert("2.5", OpcUaDataType.Float)).isEqualTo(2.5f);
        assertThat(convert("1735787045678", OpcUaDataType.DateTime))
                .isEqualTo(new DateTime(Instant.ofEpochMilli(1_735_787_045_678L)));
        assertThat(convert("\"AQID\"", OpcUaDataType.ByteString)).isEqualTo(ByteString.of(new byte[] {1, 2, 3}));
        UUID guid = UUID.randomUUID();
        assertThat(convert("\"" + guid + "\"", OpcUaDataType.Guid)).isEqualTo(guid);
        assertThat(VariantValues.of(AlinkJson.parse("[1, 2]"), OpcUaDataType.Int32, true).getValue())
                .isEqualTo(new Integer[] {1, 2});
    }

    @ParameterizedTest(name = "{0} as {1}")
    @CsvSource(delimiter = '|', value = {
        "2 | Boolean | expected a Boolean (true, false, 0 or 1)",
        "1.5 | Int32 | expected a whole number for Int32, found a fraction",
        "256 | Byte | out of range for Byte (0 to 255)",
        "-1 | UInt64 | out of range for UInt64",
        "1e39 | Float | expected a number within the range of Float",
        "'\"x\"' | Double | expected a number within the range of Double",
        "3 | String | expected a string for String",
        "'[1]' | Int32 | expected a single Int32, found a list",
        "'{}' | ExtensionObject | a ExtensionObject cannot be set from JSON",
    })
    void givenJsonThatDoesNotConvert_whenConverted_thenItIsRefusedSayingWhatWasExpected(String json,
                                                                                       OpcUaDataType type,
                                                                                       String expected) {
        assertThatThrownBy(() -> VariantValues.of(AlinkJson.parse(json), type, false))
                .isInstanceOf(VariantValues.InvalidValueException.class).hasMessageStartingWith(expected);
    }

    private static Object convert(String json, OpcUaDataType type) throws Exception {
        return VariantValues.of(AlinkJson.parse(json), type, false).getValue();
    }
}
