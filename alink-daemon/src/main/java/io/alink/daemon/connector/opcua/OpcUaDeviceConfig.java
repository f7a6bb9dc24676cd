package io.alink.daemon.connector.opcua;

import io.alink.protocol.DeviceId;
import java.time.Duration;
import java.util.List;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;

/**
 * One sub-device of an OPC UA connector: which variables are its properties, which methods its services, which
 * notifiers its events.
 */
public record OpcUaDeviceConfig(DeviceId id, List<Property> properties, List<Service> services, List<Event> events) {

    public OpcUaDeviceConfig {
        properties = List.copyOf(properties);
        services = List.copyOf(services);
        events = List.copyOf(events);
    }

    /**
     * A property: the value of a variable node, monitored at {@code sampling}.
     *
     * @param deadband an absolute deadband for numbers (changes smaller than it are not reported); 0 for none
     */
    public record Property(String identifier, NodeId node, Duration sampling, double deadband, boolean writable) {
    }

    /** A service: a call of {@code method} on {@code object}. */
    public record Service(String identifier, NodeId object, NodeId method) {
    }

    /**
     * An event: each OPC UA event {@code notifier} reports becomes this Alink event, with the selected
     * BaseEventType {@code fields} as its output.
     */
    public record Event(String identifier, NodeId notifier, List<String> fields) {
        public Event {
            fields = List.copyOf(fields);
        }
    }
}
