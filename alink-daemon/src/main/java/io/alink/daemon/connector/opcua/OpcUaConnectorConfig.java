package io.alink.daemon.connector.opcua;

import io.alink.daemon.connector.Connector;
import io.alink.daemon.connector.ConnectorConfig;
import io.alink.daemon.connector.ConnectorMetrics;
import io.alink.daemon.connector.Uplink;
import io.alink.protocol.DeviceId;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * An OPC UA connector: one session with one server ({@code endpoint}), and the sub-devices whose data it holds.
 *
 * @param auth            the user to log in as; null for anonymous
 * @param timeout         how long a request (and connecting) may take
 * @param maxFailedChecks checks in a row that find no session, after which the sub-devices are logged out
 * @param maxRetryDelay   the longest wait between checks (and connection attempts) while there is no session
 */
public record OpcUaConnectorConfig(String name, String endpoint, OpcUaSecurity security, Auth auth, Duration timeout,
                                   int maxFailedChecks, Duration maxRetryDelay, List<OpcUaDeviceConfig> fieldDevices)
        implements ConnectorConfig {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_FAILED_CHECKS = 3;
    public static final Duration DEFAULT_MAX_RETRY_DELAY = Duration.ofSeconds(30);
    /** How often a lost session is checked at first; the wait doubles from here up to maxRetryDelay. */
    public static final Duration FIRST_RETRY_DELAY = Duration.ofSeconds(1);

    public OpcUaConnectorConfig {
        fieldDevices = List.copyOf(fieldDevices);
    }

    @Override
    public List<DeviceId> devices() {
        return fieldDevices.stream().map(OpcUaDeviceConfig::id).toList();
    }

    @Override
    public Connector create(Uplink uplink, MeterRegistry registry, Path store) {
        return new OpcUaConnector(this, uplink, new ConnectorMetrics(registry, name), store);
    }

    /** The user the session is activated for; the password never shows in a log or message. */
    public record Auth(String username, String password) {
        @Override
        public String toString() {
            return "Auth[username=" + username + "]";
        }
    }
}
