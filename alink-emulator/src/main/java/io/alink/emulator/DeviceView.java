package io.alink.emulator;

import io.alink.protocol.DeviceId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A device as the admin API shows it. {@code gateway} is the gateway a sub-device is logged in through (null when
 * offline or not a sub-device); {@code topo} lists a gateway's sub-devices (empty for others); {@code tags} are the
 * tags the device reported ({@code thing/deviceinfo/update}), in the view of one device (empty in the list).
 */
public record DeviceView(String productKey, String deviceName, NodeType nodeType, boolean online, boolean enabled,
                         DeviceId gateway, List<TopoEntry> topo, Map<String, String> tags) {

    public DeviceView {
        topo = List.copyOf(topo == null ? List.of() : topo);
        tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags == null ? Map.of() : tags));
    }

    /** A device without tags. */
    public DeviceView(String productKey, String deviceName, NodeType nodeType, boolean online, boolean enabled,
                      DeviceId gateway, List<TopoEntry> topo) {
        this(productKey, deviceName, nodeType, online, enabled, gateway, topo, Map.of());
    }

    public DeviceId id() {
        return DeviceId.of(productKey, deviceName);
    }

    /** One sub-device in a gateway's topology. */
    public record TopoEntry(String productKey, String deviceName, boolean online) {
    }
}
