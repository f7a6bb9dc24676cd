package io.alink.daemon.connector.modbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Registers to values and back, for every type and byte/word order: bytes only, no device. */
class ValueCodecTest {

    private static final HexFormat HEX = HexFormat.of();

    @ParameterizedTest(name = "{0} byteOrder={1} wordOrder={2}: {3} <-> {4}")
    @CsvSource({
        // type,   byteOrder, wordOrder, registers as sent,    value
        "bool,     big,    big,    0001,                 1",
        "bool,     big,    big,    0000,                 0",
        "bool,     little, big,    0100,                 1",
        "int16,    big,    big,    fffe,                 -2",
        "int16,    little, big,    feff,                 -2",
        "uint16,   big,    big,    fffe,                 65534",
        "uint16,   little, big,    feff,                 65534",
        "int32,    big,    big,    f8a432eb,             -123456789",
        "int32,    big,    little, 32ebf8a4,             -123456789",
        "int32,    little, big,    a4f8eb32,             -123456789",
        "int32,    little, little, eb32a4f8,             -123456789",
        "uint32,   big,    big,    ee6b2800,             4000000000",
        "uint32,   big,    little, 2800ee6b,             4000000000",
        "uint32,   little, big,    6bee0028,             4000000000",
        "uint32,   little, little, 00286bee,             4000000000",
        "int64,    big,    big,    eeddef0b82167eeb,     -1234567890123456789",
        "int64,    big,    little, 7eeb8216ef0beedd,     -1234567890123456789",
        "int64,    little, big,    ddee0bef1682eb7e,     -1234567890123456789",
        "int64,    little, little, eb7e16820befddee,     -1234567890123456789",
        "float32,  big,    big,    42f6e979,             123.456",
        "float32,  big,    little, e97942f6,             123.456",
        "float32,  little, big,    f64279e9,             123.456",
        "float32,  little, little, 79e9f642,             123.456",
        "float32,  big,    big,    3dcccccd,             0.1",
        "float64,  big,    big,    40934a456d5cfaad,     1234.5678",
        "float64,  big,    little, faad6d5c4a454093,     1234.5678",
        "float64,  little, big,    9340454a5c6dadfa,     1234.5678",
        "float64,  little, little, adfa5c6d454a9340,     1234.5678",
    })
    void givenATypeAndOrders_whenDecodingAndEncoding_thenRegistersAndValueCorrespond(
            String type, String byteOrder, String wordOrder, String registers, String value) throws Exception {
        PropertyMapping mapping = mapping(type, byteOrder, wordOrder);
        byte[] bytes = HEX.parseHex(registers.replace(" ", ""));

        Object decoded = ValueCodec.decode(mapping, bytes, 0);
        byte[] encoded = ValueCodec.encode(mapping, new BigDecimal(value));

        assertThat(new BigDecimal(decoded.toString())).isEqualByComparingTo(value);
        assertThat(HEX.formatHex(encoded)).isEqualTo(HEX.formatHex(bytes));
    }

    @Test
    void givenIntegersWithoutScale_whenDecoded_thenTheyAreLongsAndFloatsAreDoubles() throws Exception {
        assertThat(ValueCodec.decode(mapping("int16", "big", "big"), HEX.parseHex("0005"), 0)).isEqualTo(5L);
        assertThat(ValueCodec.decode(mapping("bool", "big", "big"), HEX.parseHex("0005"), 0)).isEqualTo(1);
        assertThat(ValueCodec.decode(mapping("float32", "big", "big"), HEX.parseHex("3dcccccd"), 0)).isEqualTo(0.1);
    }

    @Test
    void givenAPropertyInsideALongerResponse_whenDecoded_thenItsOwnRegistersAreRead() throws Exception {
        PropertyMapping count = PropertyMapping.builder("Count", Table.INPUT, 11, DataType.UINT32)
                .wordOrder(Order.LITTLE).build();

        assertThat(ValueCodec.decode(count, HEX.parseHex("aaaa" + "bbbb" + "0001" + "0002" + "cccc"), 4))
                .isEqualTo(0x0002_0001L);
    }

    @Test
    void givenScaleAndOffset_whenDecodingAndEncoding_thenValueIsRawTimesScalePlusOffsetInDecimal() throws Exception {
        PropertyMapping setpoint = PropertyMapping.builder("Setpoint", Table.HOLDING, 0, DataType.INT16)
                .scale(0.1, 0).build();
        PropertyMapping celsius = PropertyMapping.builder("Temp", Table.INPUT, 0, DataType.UINT16)
                .scale(0.1, -40).build();

        assertThat(ValueCodec.decode(setpoint, HEX.parseHex("00d7"), 0)).isEqualTo(21.5);
        assertThat(ValueCodec.decode(celsius, HEX.parseHex("03e8"), 0)).isEqualTo(60.0);
        assertThat(HEX.formatHex(ValueCodec.encode(setpoint, new BigDecimal("21.5")))).isEqualTo("00d7");
        assertThat(HEX.formatHex(ValueCodec.encode(setpoint, new BigDecimal("21.55")))).isEqualTo("00d8");
        assertThat(HEX.formatHex(ValueCodec.encode(celsius, 60.0))).isEqualTo("03e8");
    }

    @Test
    void givenAString_whenDecodingAndEncoding_thenTwoCharactersARegisterPaddedWithZeros() throws Exception {
        PropertyMapping big = PropertyMapping.builder("Serial", Table.HOLDING, 0, DataType.STRING).length(3).build();
        PropertyMapping swapped = PropertyMapping.builder("Serial", Table.HOLDING, 0, DataType.STRING).length(3)
                .byteOrder(Order.LITTLE).wordOrder(Order.LITTLE).build();

        assertThat(ValueCodec.decode(big, HEX.parseHex("414231320000"), 0)).isEqualTo("AB12");
        assertThat(ValueCodec.decode(swapped, HEX.parseHex("424132310000"), 0)).isEqualTo("AB12");
        assertThat(HEX.formatHex(ValueCodec.encode(big, "AB1"))).isEqualTo("414231000000");
        assertThat(HEX.formatHex(ValueCodec.encode(swapped, "AB1"))).isEqualTo("424100310000");
    }

    @Test
    void givenBits_whenEncoding_thenTrueFalseOneAndZeroAreAccepted() throws Exception {
        PropertyMapping running = PropertyMapping.builder("Running", Table.COIL, 0, DataType.BOOL).build();

        assertThat(ValueCodec.encodeBit(running, true)).isTrue();
        assertThat(ValueCodec.encodeBit(running, BigDecimal.ONE)).isTrue();
        assertThat(ValueCodec.encodeBit(running, 0L)).isFalse();
        assertThat(ValueCodec.decodeBit(true)).isEqualTo(1);
        assertThatThrownBy(() -> ValueCodec.encodeBit(running, 2)).isInstanceOf(ValueException.class)
                .hasMessage("Running: expected 0, 1, true or false for a bool");
    }

    @Test
    void givenValuesOutsideTheType_whenEncoding_thenRefusedNamingTheRangeInTheirUnits() {
        PropertyMapping setpoint = PropertyMapping.builder("Setpoint", Table.HOLDING, 0, DataType.INT16)
                .scale(0.1, 0).build();

        assertThatThrownBy(() -> ValueCodec.encode(setpoint, new BigDecimal("3276.8")))
                .isInstanceOf(ValueException.class)
                .hasMessageContaining("Setpoint: 3276.8 is out of range for int16").hasMessageContaining(
                        "(-3276.8 to 3276.7)");
        assertThatThrownBy(() -> ValueCodec.encode(mapping("uint16", "big", "big"), -1))
                .hasMessageContaining("(0 to 65535)");
        assertThatThrownBy(() -> ValueCodec.encode(mapping("uint32", "big", "big"), 4_294_967_296L))
                .hasMessageContaining("(0 to 4294967295)");
        assertThatThrownBy(() -> ValueCodec.encode(mapping("float32", "big", "big"), new BigDecimal("1e39")))
                .hasMessageContaining("out of range for float32");
        assertThatThrownBy(() -> ValueCodec.encode(mapping("float64", "big", "big"), Double.NaN))
                .hasMessageContaining("expected a finite number");
    }

    @Test
    void givenTheWrongKindOfValue_whenEncoding_thenRefused() {
        PropertyMapping text = PropertyMapping.builder("Name", Table.HOLDING, 0, DataType.STRING).length(2).build();

        assertThatThrownBy(() -> ValueCodec.encode(mapping("int32", "big", "big"), "12"))
                .hasMessage("Value: expected a number for int32");
        assertThatThrownBy(() -> ValueCodec.encode(text, 12)).hasMessage("Name: expected a string");
        assertThatThrownBy(() -> ValueCodec.encode(text, "12345"))
                .hasMessage("Name: 5 bytes do not fit in 2 registers (4 bytes)");
    }

    @Test
    void givenANotANumberFloatInTheDevice_whenDecoded_thenRefusedSinceJsonCannotCarryIt() {
        assertThatThrownBy(() -> ValueCodec.decode(mapping("float32", "big", "big"), HEX.parseHex("7fc00000"), 0))
                .isInstanceOf(ValueException.class).hasMessageContaining("NaN");
    }

    @Test
    void givenAnyRegisters_whenDecodedWithoutScale_thenTheSameValuesAsReadThroughDecimals() throws Exception {
        Random random = new Random(10);
        for (DataType type : List.of(DataType.BOOL, DataType.INT16, DataType.UINT16, DataType.INT32, DataType.UINT32,
                DataType.INT64, DataType.FLOAT32, DataType.FLOAT64)) {
            for (Order byteOrder : Order.values()) {
                for (Order wordOrder : Order.values()) {
                    PropertyMapping mapping = PropertyMapping.builder("Value", Table.HOLDING, 0, type)
                            .byteOrder(byteOrder).wordOrder(wordOrder).build();
                    for (int i = 0; i < 2_000; i++) {
                        byte[] registers = new byte[8];
                        random.nextBytes(registers);
                        assertDecodedAsThroughDecimals(mapping, registers);
                    }
                }
            }
        }
    }

    @Test
    void givenTheEdgesOfEachType_whenDecoded_thenTheSameValuesAsReadThroughDecimals() throws Exception {
        for (String registers : List.of("0000000000000000", "ffffffffffffffff", "8000000000000000",
                "7fffffffffffffff", "0000000000000001", "8000000080000000", "0001000000000000")) {
            for (DataType type : List.of(DataType.INT16, DataType.UINT16, DataType.INT32, DataType.UINT32,
                    DataType.INT64, DataType.FLOAT32, DataType.FLOAT64)) {
                assertDecodedAsThroughDecimals(PropertyMapping.builder("Value", Table.HOLDING, 0, type).build(),
                        HEX.parseHex(registers));
            }
        }
        // -0.0 reads as 0.0, as its decimal form has no sign
        assertThat(ValueCodec.decode(mapping("float64", "big", "big"), HEX.parseHex("8000000000000000"), 0))
                .isEqualTo(0.0);
        assertThat(ValueCodec.decode(mapping("int64", "big", "big"), HEX.parseHex("8000000000000000"), 0))
                .isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void givenWholeNumbersOfEveryKind_whenEncoded_thenTheSameRegistersAsADecimalOfThem() throws Exception {
        PropertyMapping int64 = mapping("int64", "big", "big");
        PropertyMapping uint16 = mapping("uint16", "little", "big");

        assertThat(HEX.formatHex(ValueCodec.encode(uint16, 65535.0))).isEqualTo("ffff");
        assertThat(HEX.formatHex(ValueCodec.encode(uint16, -0.0))).isEqualTo("0000");
        assertThat(HEX.formatHex(ValueCodec.encode(uint16, (short) 258))).isEqualTo("0201");
        assertThat(HEX.formatHex(ValueCodec.encode(int64, Long.MIN_VALUE))).isEqualTo("8000000000000000");
        assertThat(ValueCodec.encode(int64, 0x1p62)).isEqualTo(ValueCodec.encode(int64, BigDecimal.valueOf(0x1p62)));
        assertThat(HEX.formatHex(ValueCodec.encode(mapping("int16", "big", "big"), -2.5))).isEqualTo("fffd");
        assertThatThrownBy(() -> ValueCodec.encode(uint16, 65536.0)).hasMessageContaining("(0 to 65535)");
        assertThatThrownBy(() -> ValueCodec.encode(mapping("int32", "big", "big"), Long.MAX_VALUE))
                .hasMessageContaining("(-2147483648 to 2147483647)");
    }

    @Test
    void givenAnyWholeNumber_whenEncoded_thenTheSameRegistersAsItsDecimalForm() throws Exception {
        Random random = new Random(14);
        for (DataType type : List.of(DataType.INT16, DataType.UINT16, DataType.INT32, DataType.UINT32,
                DataType.INT64)) {
            PropertyMapping mapping = PropertyMapping.builder("Value", Table.HOLDING, 0, type).build();
            for (int i = 0; i < 5_000; i++) {
                long whole = random.nextLong() >> random.nextInt(64);
                double wholeDouble = (double) (random.nextLong() >> (10 + random.nextInt(54)));
                assertEncodedAsItsDecimal(mapping, whole, new BigDecimal(Long.toString(whole)));
                assertEncodedAsItsDecimal(mapping, wholeDouble, BigDecimal.valueOf(wholeDouble));
                assertEncodedAsItsDecimal(mapping, (int) whole, new BigDecimal(Integer.toString((int) whole)));
            }
        }
    }

    private static void assertEncodedAsItsDecimal(PropertyMapping mapping, Object value, BigDecimal decimal) {
        byte[] expected;
        try {
            expected = ValueCodec.encode(mapping, decimal);
        } catch (ValueException outOfRange) {
            assertThatThrownBy(() -> ValueCodec.encode(mapping, value)).isInstanceOf(ValueException.class)
                    .hasMessageContaining("is out of range for " + mapping.type().key());
            return;
        }
        try {
            assertThat(ValueCodec.encode(mapping, value)).as("%s %s", mapping.type(), value).isEqualTo(expected);
        } catch (ValueException e) {
            throw new AssertionError(e);
        }
    }

    /** What decoding was before its fast path: the reordered registers read as a decimal, then as the value. */
    private static void assertDecodedAsThroughDecimals(PropertyMapping mapping, byte[] registers) throws Exception {
        byte[] ordered = new byte[mapping.size() * 2];
        for (int i = 0; i < mapping.size(); i++) {
            int from = 2 * (mapping.wordOrder() == Order.LITTLE ? mapping.size() - 1 - i : i);
            boolean swap = mapping.byteOrder() == Order.LITTLE;
            ordered[2 * i] = registers[swap ? from + 1 : from];
            ordered[2 * i + 1] = registers[swap ? from : from + 1];
        }
        ByteBuffer raw = ByteBuffer.wrap(ordered);
        Object expected = switch (mapping.type()) {
            case BOOL -> raw.getShort() != 0 ? 1 : 0;
            case INT16 -> (long) raw.getShort();
            case UINT16 -> (long) (raw.getShort() & 0xFFFF);
            case INT32 -> (long) raw.getInt();
            case UINT32 -> raw.getInt() & 0xFFFF_FFFFL;
            case INT64 -> raw.getLong();
            case FLOAT32 -> {
                float single = raw.getFloat();
                yield Float.isFinite(single) ? new BigDecimal(Float.toString(single)).doubleValue() : null;
            }
            case FLOAT64 -> {
                double number = raw.getDouble();
                yield Double.isFinite(number) ? BigDecimal.valueOf(number).doubleValue() : null;
            }
            case STRING -> throw new IllegalArgumentException("not a number");
        };
        if (expected == null) {
            assertThatThrownBy(() -> ValueCodec.decode(mapping, registers, 0)).isInstanceOf(ValueException.class);
        } else {
            assertThat(ValueCodec.decode(mapping, registers, 0)).as("%s %s", mapping, HEX.formatHex(registers))
                    .isEqualTo(expected);
        }
    }

    private static PropertyMapping mapping(String type, String byteOrder, String wordOrder) {
        return PropertyMapping.builder("Value", Table.HOLDING, 0, DataType.valueOf(type.toUpperCase()))
                .byteOrder(Order.valueOf(byteOrder.toUpperCase())).wordOrder(Order.valueOf(wordOrder.toUpperCase()))
                .build();
    }
}
