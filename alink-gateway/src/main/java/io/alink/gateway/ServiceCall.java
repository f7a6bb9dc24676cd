package io.alink.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.protocol.DeviceId;

/**
 * A cloud-to-device call for the gateway or one of its logged-in sub-devices: an asynchronous service invocation
 * ({@code thing/service/{identifier}}) or a property set ({@code thing/service/property/set}, identifier
 * {@value #PROPERTY_SET}).
 *
 * @param device     the gateway or the sub-device called
 * @param identifier the service's identifier, or {@value #PROPERTY_SET}
 * @param id         the envelope id the reply must carry
 * @param params     the call's params (for a property set, the properties to set); read-only
 */
public record ServiceCall(DeviceId device, String identifier, String id, JsonNode params) {

    /** The identifier a property set is delivered with. */
    public static final String PROPERTY_SET = "property/set";

    /** {@return whether this is a property set rather than a service call} */
    public boolean isPropertySet() {
        return PROPERTY_SET.equals(identifier);
    }
}
