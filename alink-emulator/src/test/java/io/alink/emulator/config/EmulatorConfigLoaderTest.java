package io.alink.emulator.config;

import io.alink.config.ConfigException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alink.emulator.DeviceConfig;
import io.alink.emulator.EmulatorConfig;
import io.alink.emulator.Limits;
import io.alink.emulator.NodeType;
import io.alink.emulator.ProductConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EmulatorConfigLoaderTest {

    @TempDir
    Path dir;

    private static final String VALID_PRODUCTS = """
            products:
              - productKey: a1GwPk0001
                productSecret: GwProductSecret001
                nodeType: GATEWAY
                dynamicRegistration: true
                devices:
                  - {deviceName: gw01, deviceSecret: GwSecret0123456789abcdef01234567}
                  - {deviceName: gw02}
              - productKey: a1SubPk001
                nodeType: SUB_DEVICE
                devices:
                  - deviceName: sub01
                    deviceSecret: SubSecret01abcdef0123456789abcdef
            """;

    @Test
    void givenEveryKey_whenLoaded_thenTheConfigCarriesEachValue() throws Exception {
        Path keystore = Files.writeString(dir.resolve("ks.p12"), "not really a keystore");
        Path file = write("""
                mqtt: {port: 11883}
                http: {port: 0}
                data: %s
                tls: {port: 18883, keystore: %s, password: changeit}
                limits: {topoBatch: 5, registerBatch: 6, loginBatch: 7, maxSubDevices: 8, loginsPerSecond: 0,
                         maxPayloadBytes: 1024, messageLogSize: 10, messageLogBytes: 4096}
                """.formatted(dir.resolve("data"), keystore) + VALID_PRODUCTS);

        EmulatorConfig config = EmulatorConfigLoader.load(file);

        assertThat(config.mqttPort()).isEqualTo(11883);
        assertThat(config.httpPort()).isZero();
        assertThat(config.dataDir()).isEqualTo(dir.resolve("data"));
        assertThat(config.mqttTlsPort()).isEqualTo(18883);
        assertThat(config.tlsKeystore()).isEqualTo(keystore);
        assertThat(config.tlsKeystorePassword()).isEqualTo("changeit");
        assertThat(config.limits()).isEqualTo(new Limits(5, 6, 7, 8, 0, 1024, 10, 4096));
        assertThat(config.products()).containsExactly(
                new ProductConfig("a1GwPk0001", "GwProductSecret001", NodeType.GATEWAY, true, java.util.List.of(
                        new DeviceConfig("gw01", "GwSecret0123456789abcdef01234567"), new DeviceConfig("gw02", null))),
                new ProductConfig("a1SubPk001", null, NodeType.SUB_DEVICE, false, java.util.List.of(
                        new DeviceConfig("sub01", "SubSecret01abcdef0123456789abcdef"))));
    }

    @Test
    void givenOnlyProducts_whenLoaded_thenPortsLimitsAndTlsAreTheDefaults() throws Exception {
        EmulatorConfig config = EmulatorConfigLoader.load(write(VALID_PRODUCTS));

        assertThat(config.mqttPort()).isEqualTo(1883);
        assertThat(config.httpPort()).isEqualTo(8080);
        assertThat(config.mqttTlsPort()).isEqualTo(-1);
        assertThat(config.dataDir()).isNull();
        assertThat(config.limits()).isEqualTo(Limits.PLATFORM);
        assertThat(config.products()).hasSize(2);
    }

    @Test
    void givenARelativeDataFolder_whenLoaded_thenItIsResolvedAgainstTheCurrentDirectory() throws Exception {
        EmulatorConfig config = EmulatorConfigLoader.load(write("data: some/where\n"));

        assertThat(config.dataDir()).isEqualTo(Path.of("some/where").toAbsolutePath().normalize());
    }

    static Stream<Arguments> invalidFiles() {
        return Stream.of(
                Arguments.of("unknown top-level key", "mqqt: {port: 1}\n", "mqqt", "unknown key"),
                Arguments.of("unknown product key", "products: [{productKey: a, nodeType: DEVICE, colour: red}]\n",
                        "products[0].colour", "unknown key"),
                Arguments.of("missing productKey", "products: [{nodeType: DEVICE}]\n",
                        "products[0].productKey", "is required"),
                Arguments.of("missing nodeType", "products: [{productKey: a}]\n",
                        "products[0].nodeType", "is required (one of GATEWAY, SUB_DEVICE, DEVICE)"),
                Arguments.of("missing deviceName", "products: [{productKey: a, nodeType: DEVICE, devices: [{deviceName: d1}, {deviceSecret: s}]}]\n",
                        "products[0].devices[1].deviceName", "is required"),
                Arguments.of("bad enum value", "products: [{productKey: a, nodeType: gateway}]\n",
                        "products[0].nodeType", "expected one of GATEWAY, SUB_DEVICE, DEVICE"),
                Arguments.of("port as text", "mqtt: {port: 'high'}\n", "mqtt.port", "expected a whole number from 0 to 65535"),
                Arguments.of("port out of range", "http: {port: 70000}\n", "http.port", "expected a whole number from 0 to 65535"),
                Arguments.of("negative port", "mqtt: {port: -1}\n", "mqtt.port", "expected a whole number from 0 to 65535"),
                Arguments.of("port section not a mapping", "mqtt: 1883\n", "mqtt", "expected an object with keys port"),
                Arguments.of("products not a list", "products: {productKey: a}\n", "products", "expected a list"),
                Arguments.of("boolean as text", "products: [{productKey: a, productSecret: s, nodeType: DEVICE, dynamicRegistration: 'yes please'}]\n",
                        "products[0].dynamicRegistration", "expected true or false"),
                Arguments.of("numeric deviceName", "products: [{productKey: a, nodeType: DEVICE, devices: [{deviceName: 001}]}]\n",
                        "products[0].devices[0].deviceName", "put it in quotes"),
                Arguments.of("topic-unsafe deviceName", "products: [{productKey: a, nodeType: DEVICE, devices: [{deviceName: 'a/b'}]}]\n",
                        "products[0].devices[0].deviceName", "has '/' at position 2"),
                Arguments.of("duplicate productKey", "products: [{productKey: a, nodeType: DEVICE}, {productKey: a, nodeType: GATEWAY}]\n",
                        "products[1].productKey", "duplicate productKey 'a'"),
                Arguments.of("duplicate deviceName", "products: [{productKey: a, nodeType: DEVICE, devices: [{deviceName: d}, {deviceName: d}]}]\n",
                        "products[0].devices[1].deviceName", "duplicate deviceName 'd'"),
                Arguments.of("dynamic registration without productSecret", "products: [{productKey: a, nodeType: DEVICE, dynamicRegistration: true}]\n",
                        "products[0].productSecret", "required when dynamicRegistration is true"),
                Arguments.of("limit below its minimum", "limits: {topoBatch: 0}\n", "limits.topoBatch", "expected a whole number from 1"),
                Arguments.of("unknown limit", "limits: {topoBatches: 3}\n", "limits.topoBatches", "unknown key"),
                Arguments.of("tls without keystore", "tls: {password: x}\n", "tls.keystore", "is required"),
                Arguments.of("tls keystore that does not exist", "tls: {keystore: /no/such/ks.p12, password: x}\n",
                        "tls.keystore", "no readable file at"),
                Arguments.of("document not a mapping", "- a\n- b\n", "", "expected an object with keys data, http"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidFiles")
    void givenAnInvalidFile_whenLoaded_thenTheErrorNamesTheFileTheKeyPathAndWhatWasExpected(
            String title, String yaml, String keyPath, String expected) throws Exception {
        Path file = write(yaml);

        assertThatThrownBy(() -> EmulatorConfigLoader.load(file))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.file()).isEqualTo(file);
                    assertThat(e.keyPath()).isEqualTo(keyPath);
                    assertThat(e.problem()).contains(expected);
                    assertThat(e.getMessage()).startsWith(file + ": " + (keyPath.isEmpty() ? "" : keyPath + ": "));
                });
    }

    @Test
    void givenASecretOfTheWrongType_whenLoaded_thenTheErrorDoesNotRepeatTheSecret() throws Exception {
        Path file = write("products: [{productKey: a, nodeType: DEVICE, devices: [{deviceName: d, deviceSecret: 987654321}]}]\n");

        assertThatThrownBy(() -> EmulatorConfigLoader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("products[0].devices[0].deviceSecret: expected a string")
                .hasMessageNotContaining("987654321");
    }

    @Test
    void givenBrokenYaml_whenLoaded_thenTheErrorGivesTheLine() throws Exception {
        Path file = write("mqtt:\n  port: 1883\n products: [\n");

        assertThatThrownBy(() -> EmulatorConfigLoader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ": line 3")
                .hasMessageContaining("not valid YAML");
    }

    @Test
    void givenAKeyWrittenTwice_whenLoaded_thenItIsRefusedRatherThanOneSilentlyWinning() throws Exception {
        Path file = write("mqtt: {port: 1}\nmqtt: {port: 2}\n");

        assertThatThrownBy(() -> EmulatorConfigLoader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Duplicate field 'mqtt'");
    }

    @Test
    void givenAnEmptyFile_whenLoaded_thenTheErrorSaysSo() throws Exception {
        Path file = write("");

        assertThatThrownBy(() -> EmulatorConfigLoader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ": the file is empty; expected a mapping with keys data, http, limits, mqtt, products, tls");
    }

    @Test
    void givenNoFile_whenLoaded_thenTheErrorNamesIt() {
        Path missing = dir.resolve("absent.yaml");

        assertThatThrownBy(() -> EmulatorConfigLoader.load(missing))
                .isInstanceOf(ConfigException.class)
                .hasMessage(missing + ": no such file");
    }

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("emulator.yaml"), yaml);
    }
}
