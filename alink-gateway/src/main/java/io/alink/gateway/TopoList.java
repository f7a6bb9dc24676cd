package io.alink.gateway;

import io.alink.protocol.DeviceId;
import java.util.List;

/**
 * Sub-devices of a topology operation: the gateway's topology (get), or those the platform confirmed added or
 * removed. {@code json} is the reply's {@code data} array as the platform sent it (merged across batches).
 */
public record TopoList(List<DeviceId> devices, String json) {

    public TopoList {
        devices = List.copyOf(devices);
    }
}
