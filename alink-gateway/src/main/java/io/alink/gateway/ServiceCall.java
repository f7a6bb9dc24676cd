package io.alink.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.protocol.DeviceId;
import java.time.Instant;

/**
 * A cloud-to-device call for the gateway or one of its logged-in sub-devices: a service invocation
 * ({@code thing/service/{identifier}}), or a property set ({@code thing/service/property/set}, identifier
 * {@value #PROPERTY_SET}). A service of call type sync arrives over RRPC and has a {@link #deadline()}: an answer
 * completed after it is not sent, since the cloud has given up waiting.
 *
 * @param device     the gateway or the sub-device called
 * @param identifier the service's identifier, or {@value #PROPERTY_SET}
 * @param id         the envelope id the reply must carry
 * @param params     the call's params (for a property set, the properties to set); read-only
 * @param deadline   for a synchronous call, when the cloud stops waiting for the answer; null for an asynchronous one
 */
public record ServiceCall(DeviceId device, String identifier, String id, JsonNode params, Instant deadline) {

    /** The identifier a property set is delivered with. */
    public static final String PROPERTY_SET = "property/set";

    /**
     * An asynchronous call: no deadline.
     *
     * @param device     the gateway or the sub-device called
     * @param identifier the service's identifier, or {@value #PROPERTY_SET}
     * @param id         the envelope id the reply must carry
     * @param params     the call's params
     */
    public ServiceCall(DeviceId device, String identifier, String id, JsonNode params) {
        this(device, identifier, id, params, null);
    }

    /** {@return whether this is a property set rather than a service call} */
    public boolean isPropertySet() {
        return PROPERTY_SET.equals(identifier);
    }

    /** {@return whether the cloud waits for the answer (call type sync, over RRPC) until {@link #deadline()}} */
    public boolean isSync() {
        return deadline != null;
    }
}
