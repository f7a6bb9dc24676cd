package io.alink.daemon.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alink.config.ConfigException;
import io.alink.daemon.GatewayFile;
import io.alink.daemon.connector.modbus.DataType;
import io.alink.daemon.connector.modbus.ModbusConnectorConfig;
import io.alink.daemon.connector.modbus.ModbusDeviceConfig;
import io.alink.daemon.connector.modbus.Order;
import io.alink.daemon.connector.modbus.PropertyMapping;
import io.alink.daemon.connector.modbus.SerialSettings;
import io.alink.daemon.connector.modbus.Table;
import io.alink.protocol.DeviceId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** gateway.yaml's connectors: what they give, and how a bad mapping is named. */
class ConnectorConfigsTest {

    private static final String HEAD = """
            gateway: {productKey: a1GwPk0001, deviceName: gw01, deviceSecret: s}
            subDevices:
              - {productKey: a1SubPk001, deviceName: sub01, deviceSecret: s1}
              - {productKey: a1SubPk001, deviceName: sub02, deviceSecret: s2}
            """;

    @TempDir
    Path dir;

    @Test
    void givenTheIssuesExample_whenLoaded_thenEveryKeyIsRead() throws Exception {
        GatewayFile file = load("""
                connectors:
                  - name: line1
                    type: modbus-tcp
                    host: 127.0.0.1
                    port: 502
                    timeoutMs: 1000
                    devices:
                      - productKey: a1SubPk001
                        deviceName: sub01
                        unitId: 1
                        pollMs: 1000
                        report: {onChange: true, deadband: 0.0, everyMs: 60000}
                        properties:
                          - {identifier: Temperature, table: holding, address: 0, type: float32, scale: 1.0, offset: 0.0}
                          - {identifier: Running, table: coil, address: 0, type: bool, writable: true}
                          - {identifier: Count, table: input, address: 10, type: uint32, wordOrder: little}
                          - {identifier: Setpoint, table: holding, address: 20, type: int16, scale: 0.1, writable: true}
                  - name: bus2
                    type: modbus-rtu
                    serial: {port: /dev/ttyUSB0, baudRate: 19200, dataBits: 8, parity: even, stopBits: 2}
                    maxFailedPolls: 5
                    devices:
                      - productKey: a1SubPk001
                        deviceName: sub02
                        unitId: 7
                        properties:
                          - {identifier: Name, table: holding, address: 0, type: string, length: 4, byteOrder: little}
                """);

        assertThat(file.connectors()).hasSize(2);
        ModbusConnectorConfig tcp = (ModbusConnectorConfig) file.connectors().get(0);
        assertThat(tcp.target()).isEqualTo("tcp://127.0.0.1:502");
        assertThat(tcp.timeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(tcp.maxFailedPolls()).isEqualTo(ModbusConnectorConfig.DEFAULT_MAX_FAILED_POLLS);
        ModbusDeviceConfig sub01 = tcp.fieldDevices().get(0);
        assertThat(sub01.id()).isEqualTo(DeviceId.of("a1SubPk001", "sub01"));
        assertThat(sub01.report()).isEqualTo(new ReportPolicy(true, 0.0, Duration.ofMinutes(1)));
        assertThat(sub01.properties()).containsExactly(
                PropertyMapping.builder("Temperature", Table.HOLDING, 0, DataType.FLOAT32).build(),
                PropertyMapping.builder("Running", Table.COIL, 0, DataType.BOOL).writable(true).build(),
                PropertyMapping.builder("Count", Table.INPUT, 10, DataType.UINT32).wordOrder(Order.LITTLE).build(),
                PropertyMapping.builder("Setpoint", Table.HOLDING, 20, DataType.INT16).scale(0.1, 0)
                        .writable(true).build());
        ModbusConnectorConfig rtu = (ModbusConnectorConfig) file.connectors().get(1);
        assertThat(rtu.serial()).isEqualTo(new SerialSettings("/dev/ttyUSB0", 19200, 8, SerialSettings.Parity.EVEN,
                2));
        assertThat(rtu.maxFailedPolls()).isEqualTo(5);
        assertThat(rtu.fieldDevices().get(0).poll()).isEqualTo(Duration.ofSeconds(1));
        assertThat(rtu.fieldDevices().get(0).properties().get(0).size()).isEqualTo(4);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown table | {identifier: T, table: holdings, address: 0, type: int16}"
                + " | connectors[0].devices[0].properties[0].table: expected one of coil, discrete, input, holding",
        "unknown type | {identifier: T, table: holding, address: 0, type: real}"
                + " | connectors[0].devices[0].properties[0].type: expected one of bool, int16",
        "type missing | {identifier: T, table: input, address: 0}"
                + " | connectors[0].devices[0].properties[0].type: is required",
        "coil not bool | {identifier: T, table: coil, address: 0, type: int16}"
                + " | connectors[0].devices[0].properties[0].type: the coil table holds bits: expected bool",
        "string without length | {identifier: T, table: holding, address: 0, type: string}"
                + " | connectors[0].devices[0].properties[0].length: is required",
        "length on a number | {identifier: T, table: holding, address: 0, type: int16, length: 2}"
                + " | connectors[0].devices[0].properties[0].length: applies to string only",
        "input writable | {identifier: T, table: input, address: 0, type: int16, writable: true}"
                + " | connectors[0].devices[0].properties[0].writable: the input table cannot be written",
        "unknown key | {identifier: T, table: holding, address: 0, type: int16, scal: 2}"
                + " | connectors[0].devices[0].properties[0].scal: unknown key",
        "address as text | {identifier: T, table: holding, address: zero, type: int16}"
                + " | connectors[0].devices[0].properties[0].address: expected a whole number from 0 to 65535",
        "past the end | {identifier: T, table: holding, address: 65535, type: float32}"
                + " | connectors[0].devices[0].properties[0].address: the property runs past address 65535",
        "scale zero | {identifier: T, table: holding, address: 0, type: int16, scale: 0}"
                + " | connectors[0].devices[0].properties[0].scale: expected a number other than 0",
        "scale on a bool | {identifier: T, table: coil, address: 0, scale: 2}"
                + " | connectors[0].devices[0].properties[0]: scale and offset apply to numbers only",
        "bad identifier | {identifier: 'T-1', table: holding, address: 0, type: int16}"
                + " | connectors[0].devices[0].properties[0].identifier: is required",
        "bad order | {identifier: T, table: holding, address: 0, type: int32, wordOrder: middle}"
                + " | connectors[0].devices[0].properties[0].wordOrder: expected one of big, little",
    })
    void givenABadProperty_whenLoaded_thenTheFileTheKeyPathAndWhatWasExpectedAreNamed(String name, String property,
                                                                                      String expected) throws Exception {
        assertRefused(tcp("sub01", "[" + property + "]"), expected);
    }

    @Test
    void givenOverlappingAddresses_whenLoaded_thenTheLaterPropertyIsNamedWithTheOneItOverlaps() throws Exception {
        assertRefused(tcp("sub01", """
                [{identifier: A, table: holding, address: 10, type: float32},
                 {identifier: B, table: coil, address: 11},
                 {identifier: C, table: holding, address: 11, type: int16}]"""),
                "connectors[0].devices[0].properties[2].address: overlaps A (holding 10 to 11)");
    }

    @Test
    void givenADeviceNotInSubDevices_whenLoaded_thenRefused() throws Exception {
        assertRefused(tcp("sub09", "[{identifier: T, table: holding, address: 0, type: int16}]"),
                "connectors[0].devices[0]: a1SubPk001/sub09 is not one of subDevices");
    }

    @Test
    void givenTheSameSubDeviceInTwoConnectors_whenLoaded_thenRefused() throws Exception {
        String property = "[{identifier: T, table: holding, address: 0, type: int16}]";
        String twice = tcp("sub01", property) + tcp("sub01", property).replace("connectors:\n", "")
                .replace("name: line1", "name: line2");

        assertRefused(twice, "connectors[1].devices: sub-device a1SubPk001/sub01 is mapped by connector line1");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown type | name: x, type: modbus-udp, host: h | connectors[0].type: expected modbus-tcp, modbus-rtu"
                + " or opcua",
        "tcp without host | name: x, type: modbus-tcp | connectors[0].host: is required",
        "rtu without serial | name: x, type: modbus-rtu | connectors[0].serial: is required",
        "serial key on tcp | name: x, type: modbus-tcp, host: h, serial: {port: p} | connectors[0].serial: unknown key",
        "bad parity | name: x, type: modbus-rtu, serial: {port: p, parity: mark} | connectors[0].serial.parity:"
                + " expected one of none, odd, even",
        "bad name | name: 'a b', type: modbus-tcp, host: h | connectors[0].name: is required",
        "rtu unit 0 | name: x, type: modbus-rtu, serial: {port: p}, devices: [{productKey: a1SubPk001,"
                + " deviceName: sub01, unitId: 0, properties: [{identifier: T, table: coil, address: 0}]}]"
                + " | connectors[0].devices[0].unitId: expected a whole number from 1 to 247",
        "no devices | name: x, type: modbus-tcp, host: h, devices: [] | connectors[0].devices: expected a list of"
                + " at least one device",
    })
    void givenABadConnector_whenLoaded_thenRefused(String name, String connector, String expected)
            throws Exception {
        assertRefused("connectors:\n  - {" + connector + "}\n", expected);
    }

    private static String tcp(String deviceName, String properties) {
        return """
                connectors:
                  - name: line1
                    type: modbus-tcp
                    host: 127.0.0.1
                    devices:
                      - productKey: a1SubPk001
                        deviceName: %s
                        properties: %s
                """.formatted(deviceName, properties.replace("\n", "\n" + " ".repeat(10)));
    }

    private GatewayFile load(String connectors) throws Exception {
        return GatewayFile.load(Files.writeString(dir.resolve("gateway.yaml"), HEAD + connectors));
    }

    private void assertRefused(String connectors, String expected) {
        Path file = dir.resolve("gateway.yaml");
        assertThatThrownBy(() -> load(connectors)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ": ").hasMessageContaining(expected);
    }
}
