package io.alink.gateway;

import io.alink.protocol.DeviceId;
import java.util.List;

/**
 * Sub-devices of a topology operation: the gateway's topology (get), or those the platform confirmed added or
 * removed.
 *
 * @param devices the sub-devices, read-only
 * @param json    the reply's {@code data} array as the platform sent it (merged across batches)
 */
public record TopoList(List<DeviceId> devices, String json) {

    /**
     * Copies {@code devices}.
     *
     * @param devices the sub-devices, read-only
     * @param json    the reply's {@code data} array as the platform sent it (merged across batches)
     */
    public TopoList {
        devices = List.copyOf(devices);
    }
}
