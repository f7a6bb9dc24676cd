package io.alink.emulator;

import io.alink.protocol.AlinkReply;
import io.alink.protocol.DeviceId;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The cloud's side of the devices' life: deleting a device (with its {@code thing/delete} notice), asking a gateway
 * to add sub-devices ({@code thing/topo/add/notify}), and the sub-devices a gateway reported it found
 * ({@code thing/list/found}). Disabling and enabling are {@link EmulatorAdmin#setEnabled}, which sends its notice
 * too. Refusals are {@link AdminException}s.
 */
public interface EmulatorLifecycle {

    /**
     * Deletes a device: the device (or, for a sub-device, its gateway) is told ({@code thing/delete}), then its
     * session ends, it leaves any topology and it no longer exists. 404 for an unknown device.
     */
    void delete(DeviceId device);

    /**
     * Asks a gateway to add sub-devices to its topology; completes with the gateway's reply, or exceptionally with a
     * TimeoutException. 404 for an unknown gateway or sub-device, 400 for a device of the wrong node type or an
     * empty list, 409 for an offline gateway.
     */
    CompletableFuture<AlinkReply> notifyTopoAdd(DeviceId gateway, List<DeviceId> subDevices, Duration timeout);

    /** The sub-devices the gateway last reported found, in its order; empty when it reported none. */
    List<DeviceId> found(DeviceId gateway);
}
