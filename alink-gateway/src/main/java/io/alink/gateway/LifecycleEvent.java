package io.alink.gateway;

import io.alink.protocol.DeviceId;
import java.util.List;

/**
 * What the cloud tells a gateway about the life of its devices: a device (the gateway or a sub-device) disabled,
 * enabled or deleted ({@code thing/disable}, {@code thing/enable}, {@code thing/delete}), or sub-devices the cloud
 * asks the gateway to add to its topology ({@code thing/topo/add/notify}). The client has acknowledged each
 * ({@code _reply}, code 200) by the time a {@link LifecycleListener} hears of it, if it was about the gateway or a
 * sub-device logged in through it.
 */
public sealed interface LifecycleEvent {

    /**
     * The device was disabled in the cloud: it cannot log in or connect until enabled.
     *
     * @param device the gateway or one of its sub-devices
     */
    record Disabled(DeviceId device) implements LifecycleEvent {
    }

    /**
     * The device was enabled again in the cloud.
     *
     * @param device the gateway or one of its sub-devices
     */
    record Enabled(DeviceId device) implements LifecycleEvent {
    }

    /**
     * The device was deleted in the cloud.
     *
     * @param device the gateway or one of its sub-devices
     */
    record Deleted(DeviceId device) implements LifecycleEvent {
    }

    /**
     * The cloud asks the gateway to add these sub-devices to its topology (with {@link GatewayClient#addTopo}, for
     * those it holds the secrets of).
     *
     * @param subDevices the sub-devices, in the cloud's order; read-only
     */
    record TopoAddRequested(List<DeviceId> subDevices) implements LifecycleEvent {

        /**
         * Copies the list.
         *
         * @param subDevices the sub-devices
         */
        public TopoAddRequested {
            subDevices = List.copyOf(subDevices);
        }
    }
}
