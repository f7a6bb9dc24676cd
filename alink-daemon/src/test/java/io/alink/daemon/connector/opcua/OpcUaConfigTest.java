package io.alink.daemon.connector.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alink.config.ConfigException;
import io.alink.daemon.GatewayFile;
import io.alink.protocol.DeviceId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** gateway.yaml's {@code type: opcua} connectors: what they give, and how a bad entry is named. */
class OpcUaConfigTest {

    private static final String HEAD = """
            gateway: {productKey: a1GwPk0001, deviceName: gw01, deviceSecret: s}
            subDevices:
              - {productKey: a1SubPk001, deviceName: sub02, deviceSecret: s2}
            """;

    @TempDir
    Path dir;

    @Test
    void givenTheIssuesExample_whenLoaded_thenEveryKeyIsRead() throws Exception {
        Path pki = Files.createDirectory(dir.resolve("pki"));

        GatewayFile file = load("""
                connectors:
                  - name: cell7
                    type: opcua
                    endpoint: opc.tcp://127.0.0.1:4840/sim
                    security: {policy: Basic256Sha256, mode: Sign, trustDir: %s}
                    auth: {username: operator, password: secret}
                    timeoutMs: 2000
                    maxFailedChecks: 4
                    devices:
                      - productKey: a1SubPk001
                        deviceName: sub02
                        properties:
                          - {identifier: Temperature, node: "ns=2;s=Cell7.Temperature", samplingMs: 500}
                          - {identifier: Setpoint, node: "ns=2;s=Cell7.Setpoint", writable: true, deadband: 0.5}
                        services:
                          - {identifier: Start, object: "ns=2;s=Cell7", method: "ns=2;s=Cell7.Start"}
                        events:
                          - {identifier: Alarm, notifier: "ns=2;s=Cell7"}
                          - {identifier: Notice, notifier: "ns=0;i=2253", fields: [SourceName, Message]}
                """.formatted(pki));

        OpcUaConnectorConfig config = (OpcUaConnectorConfig) file.connectors().get(0);
        assertThat(config.endpoint()).isEqualTo("opc.tcp://127.0.0.1:4840/sim");
        assertThat(config.security()).isEqualTo(new OpcUaSecurity(SecurityPolicy.Basic256Sha256,
                MessageSecurityMode.Sign, pki, false));
        assertThat(config.auth()).isEqualTo(new OpcUaConnectorConfig.Auth("operator", "secret"));
        assertThat(config.auth().toString()).doesNotContain("secret");
        assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.maxFailedChecks()).isEqualTo(4);
        assertThat(config.maxRetryDelay()).isEqualTo(OpcUaConnectorConfig.DEFAULT_MAX_RETRY_DELAY);
        OpcUaDeviceConfig device = config.fieldDevices().get(0);
        assertThat(device.id()).isEqualTo(DeviceId.of("a1SubPk001", "sub02"));
        assertThat(device.properties()).containsExactly(
                new OpcUaDeviceConfig.Property("Temperature", new NodeId(2, "Cell7.Temperature"),
                        Duration.ofMillis(500), 0, false),
                new OpcUaDeviceConfig.Property("Setpoint", new NodeId(2, "Cell7.Setpoint"), Duration.ofSeconds(1),
                        0.5, true));
        assertThat(device.services()).containsExactly(new OpcUaDeviceConfig.Service("Start",
                new NodeId(2, "Cell7"), new NodeId(2, "Cell7.Start")));
        assertThat(device.events()).containsExactly(
                new OpcUaDeviceConfig.Event("Alarm", new NodeId(2, "Cell7"), List.of("Message", "Severity")),
                new OpcUaDeviceConfig.Event("Notice", new NodeId(0, 2253), List.of("SourceName", "Message")));
    }

    @Test
    void givenNoSecurity_whenLoaded_thenNoneIsUsed() throws Exception {
        GatewayFile file = load(connector("endpoint: opc.tcp://127.0.0.1:4840/sim,",
                "properties: [{identifier: T, node: 'ns=2;s=T'}]"));

        assertThat(((OpcUaConnectorConfig) file.connectors().get(0)).security()).isEqualTo(OpcUaSecurity.NONE);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "no endpoint | '' | properties: [{identifier: T, node: 'ns=2;s=T'}]"
                + " | connectors[0].endpoint: is required (an opc.tcp:// URL",
        "http endpoint | 'endpoint: http://127.0.0.1/x,' | properties: [{identifier: T, node: 'ns=2;s=T'}]"
                + " | connectors[0].endpoint: expected an opc.tcp:// URL",
        "unknown policy | 'E, security: {policy: Basic128Rsa15},' | properties: [{identifier: T, node: 'ns=2;s=T'}]"
                + " | connectors[0].security.policy: expected one of None, Basic256Sha256",
        "no trust | 'E, security: {policy: Basic256Sha256},' | properties: [{identifier: T, node: 'ns=2;s=T'}]"
                + " | connectors[0].security: needs trustDir (a folder with the server's certificate) or",
        "both trusts | 'E, security: {policy: Basic256Sha256, trustAll: true, trustDir: /tmp},'"
                + " | properties: [{identifier: T, node: 'ns=2;s=T'}]"
                + " | connectors[0].security: trustDir and trustAll: true exclude each other",
        "missing trustDir | 'E, security: {policy: Basic256Sha256, trustDir: /nonexistent/pki},'"
                + " | properties: [{identifier: T, node: 'ns=2;s=T'}]"
                + " | connectors[0].security.trustDir: is not a folder: /nonexistent/pki",
        "mode with None | 'E, security: {policy: None, mode: Sign},' | properties: [{identifier: T, node: 'ns=2;s=T'}]"
                + " | connectors[0].security.mode: applies to Basic256Sha256 only",
        "bad mode | 'E, security: {policy: Basic256Sha256, mode: Encrypt, trustAll: true},'"
                + " | properties: [{identifier: T, node: 'ns=2;s=T'}]"
                + " | connectors[0].security.mode: expected one of Sign, SignAndEncrypt",
        "password missing | 'E, auth: {username: u},' | properties: [{identifier: T, node: 'ns=2;s=T'}]"
                + " | connectors[0].auth: needs username and password",
        "bad node id | 'E,' | properties: [{identifier: T, node: 'Cell7.T'}]"
                + " | connectors[0].devices[0].properties[0].node: expected a node id such as ns=2;s=Cell7.Temperature",
        "node missing | 'E,' | properties: [{identifier: T}]"
                + " | connectors[0].devices[0].properties[0].node: is required: a node id",
        "unknown property key | 'E,' | properties: [{identifier: T, node: 'ns=2;s=T', sampling: 5}]"
                + " | connectors[0].devices[0].properties[0].sampling: unknown key",
        "sampling too fast | 'E,' | properties: [{identifier: T, node: 'ns=2;s=T', samplingMs: 1}]"
                + " | connectors[0].devices[0].properties[0].samplingMs: expected a whole number from 10",
        "negative deadband | 'E,' | properties: [{identifier: T, node: 'ns=2;s=T', deadband: -1}]"
                + " | connectors[0].devices[0].properties[0].deadband: expected a number from 0 up",
        "service without method | 'E,' | services: [{identifier: Start, object: 'ns=2;s=C'}]"
                + " | connectors[0].devices[0].services[0].method: is required: a node id",
        "unknown event field | 'E,' | events: [{identifier: Alarm, notifier: 'ns=2;s=C', fields: [Priority]}]"
                + " | connectors[0].devices[0].events[0].fields[0]: expected one of EventId, EventType",
        "shared identifier | 'E,' | 'properties: [{identifier: Start, node: \"ns=2;s=T\"}],"
                + " services: [{identifier: Start, object: \"ns=2;s=C\", method: \"ns=2;s=C.S\"}]'"
                + " | connectors[0].devices[0].services[0].identifier: another property, service or event",
        "maps nothing | 'E,' | 'properties: []' | connectors[0].devices[0]: maps nothing",
    })
    void givenABadEntry_whenLoaded_thenTheFileTheKeyPathAndWhatWasExpectedAreNamed(String name, String connectorKeys,
                                                                                   String deviceKeys,
                                                                                   String expected) {
        // E stands for a good endpoint, so that each row shows only what it gets wrong
        String connectors = connector(connectorKeys.replace("E,", "endpoint: opc.tcp://127.0.0.1:4840/sim,"),
                deviceKeys);

        assertThatThrownBy(() -> load(connectors)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(dir.resolve("gateway.yaml") + ": ").hasMessageContaining(expected);
    }

    /** One opcua connector with {@code keys} (each ending in a comma) and one device with {@code device}. */
    private static String connector(String keys, String device) {
        return """
                connectors:
                  - {name: cell7, type: opcua, %s
                     devices: [{productKey: a1SubPk001, deviceName: sub02, %s}]}
                """.formatted(keys, device);
    }

    private GatewayFile load(String connectors) throws Exception {
        return GatewayFile.load(Files.writeString(dir.resolve("gateway.yaml"), HEAD + connectors));
    }
}
