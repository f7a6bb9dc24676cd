package io.alink.daemon.connector;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.gateway.ServiceReply;
import io.alink.protocol.DeviceId;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Reads field devices of one bus or link and maps their data to the thing models of sub-devices: properties (and
 * events) up, as the connector polls or is notified; property sets and service calls down. Runs on its own threads
 * from {@link #start()} to {@link #close()}; a slow or dead device holds up no other device and never a caller.
 */
public interface Connector extends AutoCloseable {

    String name();

    /** The sub-devices whose field devices it reads. */
    Set<DeviceId> devices();

    void start();

    /** The link to the field device of {@code device}, one of {@link #devices()}. */
    FieldStatus status(DeviceId device);

    /**
     * Writes a property set from the cloud ({@code params}: identifier to value) to the field device of
     * {@code device}, one of {@link #devices()}; completes with 200 once the device acknowledged every write, with
     * an error code of {@link FieldReplyCodes} otherwise. An invalid set writes nothing.
     */
    CompletionStage<ServiceReply> setProperties(DeviceId device, JsonNode params);

    /**
     * Calls service {@code identifier} of {@code device}, one of {@link #devices()}, with the cloud's
     * {@code params}; completes with the reply (200 and the service's output as its data, or an error code of
     * {@link FieldReplyCodes}).
     *
     * @return empty when the connector maps no such service of the device: the call goes where it would go without
     *         the connector (the sub-device's adapter, through the southbound API)
     */
    Optional<CompletionStage<ServiceReply>> callService(DeviceId device, String identifier, JsonNode params);

    /** Stops polling and closes the link; what is in flight is abandoned. */
    @Override
    void close();
}
