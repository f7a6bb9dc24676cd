package io.alink.daemon.connector.opcua;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.daemon.connector.ConnectorMetrics;
import io.alink.daemon.connector.DeviceUplink;
import io.alink.daemon.connector.Fault;
import io.alink.daemon.connector.FieldHealth;
import io.alink.daemon.connector.Uplink;
import io.alink.gateway.ServiceReply;
import io.alink.protocol.DeviceId;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sub-device of an OPC UA connector: what the subscription delivers for it goes up (values grouped by their
 * source time, events with their own time), the session's link is its link (faults counted, the sub-device logged
 * out after too many failed checks and back in when the session is back), and property sets and service calls go to
 * the server as writes and method calls.
 */
final class OpcUaDevice {

    private static final Logger LOG = LoggerFactory.getLogger(OpcUaDevice.class);

    private final OpcUaDeviceConfig config;
    private final FieldHealth health;
    private final ConnectorMetrics.DeviceMeters meters;
    private final DeviceUplink uplink;
    private final NodeWrites writes;
    private final MethodCalls calls;

    OpcUaDevice(OpcUaConnectorConfig connector, OpcUaDeviceConfig config, Uplink uplink, DataTypes types,
                ConnectorMetrics metrics) {
        this.config = config;
        this.health = new FieldHealth(connector.name(), config.id(), connector.maxFailedChecks());
        this.meters = metrics.device(config.id(), health);
        this.uplink = new DeviceUplink(config.id(), connector.endpoint(), "checks", uplink, health, meters,
                connector.maxFailedChecks());
        this.writes = new NodeWrites(config.properties(), types, meters);
        this.calls = new MethodCalls(config.services(), types, meters);
    }

    DeviceId id() {
        return config.id();
    }

    OpcUaDeviceConfig config() {
        return config;
    }

    FieldHealth health() {
        return health;
    }

    /** Values of one notification, by their source time (epoch ms): one report per time, in time order. */
    void received(Map<Long, Map<String, Object>> valuesByTime) {
        meters.poll(true);
        uplink.answered(Instant.now());
        valuesByTime.forEach((time, values) -> uplink.report(values, time));
    }

    /** An event of {@code event}'s notifier, with its output values and the time it happened. */
    void event(OpcUaDeviceConfig.Event event, Map<String, Object> params, long timeMillis) {
        uplink.event(event.identifier(), params, timeMillis);
    }

    /** A value of {@code identifier} that could not be reported: a bad status, or no JSON form. */
    void valueFault(String identifier, String problem) {
        meters.fault(Fault.VALUE);
        health.error(identifier + ": " + problem, Instant.now());
    }

    /** The server refused to monitor {@code what} (a property or an event's notifier). */
    void refused(String what, OpcUaError error) {
        meters.fault(error.fault());
        health.error(what + ": " + error.message(), Instant.now());
        LOG.warn("The OPC UA server does not monitor {} of {}: {}", what, config.id(), error.message());
    }

    /** The session is there, with its subscription. */
    void linkUp() {
        uplink.answered(Instant.now());
    }

    /** A check found no session. */
    void linkDown(OpcUaError error) {
        meters.poll(false);
        meters.fault(error.fault());
        uplink.failed(error.message(), Instant.now());
    }

    /** A new session: the server may have another address space now, so what was read of it is read again. */
    void newSession() {
        calls.clear();
    }

    CompletableFuture<ServiceReply> write(OpcUaClient client, JsonNode params) {
        return writes.write(client, params);
    }

    Optional<CompletableFuture<ServiceReply>> call(OpcUaClient client, String identifier, JsonNode params) {
        return calls.maps(identifier) ? Optional.of(calls.call(client, identifier, params)) : Optional.empty();
    }
}
