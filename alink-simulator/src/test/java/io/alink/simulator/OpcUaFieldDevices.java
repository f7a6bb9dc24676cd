package io.alink.simulator;

import io.alink.daemon.connector.opcua.OpcUaConnectorConfig;
import io.alink.daemon.connector.opcua.OpcUaDeviceConfig;
import io.alink.daemon.connector.opcua.OpcUaSecurity;
import io.alink.protocol.DeviceId;
import java.time.Duration;
import java.util.List;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;

/**
 * The simulator's cell as the tests map it onto a sub-device: every variable a property (Setpoint and Mode
 * writable, and Name too, which the server refuses), both methods services, the cell's events an Alink event.
 */
final class OpcUaFieldDevices {

    static final DeviceId CELL = DeviceId.of("a1SubPk001", "sub01");
    static final int MAX_FAILED_CHECKS = 2;
    /** Every property and event of the cell: what the server holds as monitored items for one connector. */
    static final int MONITORED_ITEMS = 12;
    private static final Duration SAMPLING = Duration.ofMillis(100);

    private OpcUaFieldDevices() {
    }

    /** A simulator on {@code port} (0: any) ticking every 100 ms, firing events only when told. */
    static OpcUaSimulator simulator(int port) {
        return OpcUaSimulator.start(new OpcUaSimulator.Settings(port, SAMPLING, Duration.ZERO, null));
    }

    static OpcUaConnectorConfig connector(String endpoint, OpcUaSecurity security) {
        return connector(endpoint, security, List.of());
    }

    /** The connector for the cell, with {@code more} properties besides the cell's own. */
    static OpcUaConnectorConfig connector(String endpoint, OpcUaSecurity security,
                                          List<OpcUaDeviceConfig.Property> more) {
        List<OpcUaDeviceConfig.Property> properties = new java.util.ArrayList<>(List.of(
                property("Temperature", false), property("Count", false), property("Levels", false),
                property("Clock", false), property("Running", false), property("Name", true),
                property("Energy", false), property("Pressure", false), property("StartedAt", false),
                property("Setpoint", true), property("Mode", true)));
        properties.addAll(more);
        OpcUaDeviceConfig cell = new OpcUaDeviceConfig(CELL, properties,
                List.of(new OpcUaDeviceConfig.Service("Start", node(null), node("Start")),
                        new OpcUaDeviceConfig.Service("Calibrate", node(null), node("Calibrate"))),
                List.of(new OpcUaDeviceConfig.Event("Alarm", node(null), List.of("Message", "Severity"))));
        // connect and request timeout: late answers in a row take the device offline, which load alone must not do
        return new OpcUaConnectorConfig("cell7", endpoint, security, null, Duration.ofSeconds(5),
                MAX_FAILED_CHECKS, Duration.ofMillis(500), List.of(cell));
    }

    static OpcUaDeviceConfig.Property property(String variable, boolean writable) {
        return new OpcUaDeviceConfig.Property(variable, node(variable), SAMPLING, 0, writable);
    }

    /** {@code ns=2;s=Cell7.<name>}, or the cell itself for null. */
    static NodeId node(String name) {
        return new NodeId(2, name == null ? "Cell7" : "Cell7." + name);
    }
}
