package io.alink.daemon.connector;

import io.alink.protocol.DeviceId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.EnumMap;
import java.util.Map;

/**
 * A connector's meters in the daemon's {@code /metrics}, each labelled with the connector and the device
 * ({@code productKey/deviceName}). Every counter is registered up front, so a fault that never happened reads 0
 * rather than being absent.
 */
public final class ConnectorMetrics {

    private final MeterRegistry registry;
    private final String connector;

    public ConnectorMetrics(MeterRegistry registry, String connector) {
        this.registry = registry;
        this.connector = connector;
    }

    public DeviceMeters device(DeviceId device, FieldHealth health) {
        return new DeviceMeters(Tags.of("connector", connector, "device", device.toString()), health);
    }

    /** One field device's meters. */
    public final class DeviceMeters {
        private final Counter answered;
        private final Counter failed;
        private final Map<Fault, Counter> faults = new EnumMap<>(Fault.class);
        private final Counter reported;
        private final Counter written;
        private final Counter refused;
        private final Counter notWritten;
        private final Counter called;
        private final Counter callsRefused;
        private final Counter callsFailed;
        private final Counter events;

        private DeviceMeters(Tags tags, FieldHealth health) {
            answered = counter("alink.connector.polls", "Polls of a field device, by outcome",
                    tags.and("outcome", "answered"));
            failed = counter("alink.connector.polls", "Polls of a field device, by outcome",
                    tags.and("outcome", "failed"));
            for (Fault fault : Fault.values()) {
                faults.put(fault, counter("alink.connector.faults", "Field faults, by kind",
                        tags.and("kind", fault.key())));
            }
            reported = counter("alink.connector.properties.reported",
                    "Property values journaled for the cloud", tags);
            written = counter("alink.connector.writes", "Property sets from the cloud, by outcome",
                    tags.and("outcome", "written"));
            refused = counter("alink.connector.writes", "Property sets from the cloud, by outcome",
                    tags.and("outcome", "refused"));
            notWritten = counter("alink.connector.writes", "Property sets from the cloud, by outcome",
                    tags.and("outcome", "failed"));
            called = counter("alink.connector.calls", "Service calls from the cloud, by outcome",
                    tags.and("outcome", "called"));
            callsRefused = counter("alink.connector.calls", "Service calls from the cloud, by outcome",
                    tags.and("outcome", "refused"));
            callsFailed = counter("alink.connector.calls", "Service calls from the cloud, by outcome",
                    tags.and("outcome", "failed"));
            events = counter("alink.connector.events.reported", "Events journaled for the cloud", tags);
            Gauge.builder("alink.connector.field.link", health, h -> h.isUp() ? 1 : 0)
                    .description("1 while the field device answers its polls, else 0").tags(tags).register(registry);
        }

        public void poll(boolean wasAnswered) {
            (wasAnswered ? answered : failed).increment();
        }

        public void fault(Fault fault) {
            faults.get(fault).increment();
        }

        public void reported(int properties) {
            reported.increment(properties);
        }

        /** A property set: written (the device acknowledged), refused (invalid, nothing sent) or failed. */
        public void write(boolean valid, boolean acknowledged) {
            (!valid ? refused : acknowledged ? written : notWritten).increment();
        }

        /** A service call: called (the device answered good), refused (invalid, nothing sent) or failed. */
        public void call(boolean valid, boolean succeeded) {
            (!valid ? callsRefused : succeeded ? called : callsFailed).increment();
        }

        public void eventReported() {
            events.increment();
        }

        private Counter counter(String name, String description, Tags tags) {
            return Counter.builder(name).description(description).tags(tags).register(registry);
        }
    }
}
