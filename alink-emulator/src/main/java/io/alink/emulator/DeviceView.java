package io.alink.emulator;

import io.alink.protocol.DeviceId;
import java.util.List;

/**
 * A device as the admin API shows it. {@code gateway} is the gateway a sub-device is logged in through (null when
 * offline or not a sub-device); {@code topo} lists a gateway's sub-devices (empty for others).
 */
public record DeviceView(String productKey, String deviceName, NodeType nodeType, boolean online, boolean enabled,
                         DeviceId gateway, List<TopoEntry> topo) {

    public DeviceView {
        topo = List.copyOf(topo == null ? List.of() : topo);
    }

    public DeviceId id() {
        return DeviceId.of(productKey, deviceName);
    }

    /** One sub-device in a gateway's topology. */
    public record TopoEntry(String productKey, String deviceName, boolean online) {
    }
}
