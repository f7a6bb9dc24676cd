package io.alink.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.protocol.DeviceId;

/**
 * A device's shadow as the platform sent it: on {@link DeviceShadow#get}, or as a {@code control} when an application
 * changed the desired state. The JSON nodes are the client's own copies.
 *
 * @param device   the device the shadow belongs to
 * @param reported the reported attributes, an empty object when none
 * @param desired  the desired attributes, an empty object when none
 * @param version  the shadow's version
 */
public record ShadowState(DeviceId device, JsonNode reported, JsonNode desired, long version) {
}
